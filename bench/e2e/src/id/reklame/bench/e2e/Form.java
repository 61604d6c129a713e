package id.reklame.bench.e2e;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** One application as the applicant types it (api.md's body). {@code heightAboveGroundM} may be null. */
record Form(String name, String idNumber, String email, String phone,
            String type, String content, String productCategory, String placement,
            BigDecimal widthM, BigDecimal heightM, int sides, int units, BigDecimal heightAboveGroundM,
            String address, String district, String roadClass, BigDecimal latitude, BigDecimal longitude,
            LocalDate startDate, LocalDate endDate) {

    Map<String, Object> body() {
        Map<String, Object> applicant = new LinkedHashMap<>();
        applicant.put("name", name);
        applicant.put("idNumber", idNumber);
        applicant.put("email", email);
        applicant.put("phone", phone);
        Map<String, Object> reklame = new LinkedHashMap<>();
        reklame.put("type", type);
        reklame.put("content", content);
        reklame.put("productCategory", productCategory);
        reklame.put("placement", placement);
        reklame.put("widthM", widthM);
        reklame.put("heightM", heightM);
        reklame.put("sides", sides);
        reklame.put("units", units);
        if (heightAboveGroundM != null) {
            reklame.put("heightAboveGroundM", heightAboveGroundM);
        }
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("address", address);
        location.put("district", district);
        location.put("roadClass", roadClass);
        location.put("latitude", latitude);
        location.put("longitude", longitude);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applicant", applicant);
        body.put("reklame", reklame);
        body.put("location", location);
        body.put("period", Map.of("startDate", startDate.toString(), "endDate", endDate.toString()));
        return body;
    }

    Form withSize(BigDecimal width, BigDecimal height) {
        return new Form(name, idNumber, email, phone, type, content, productCategory, placement, width, height, sides,
                units, heightAboveGroundM, address, district, roadClass, latitude, longitude, startDate, endDate);
    }

    Form withProduct(String category, String where) {
        return new Form(name, idNumber, email, phone, type, content, category, where, widthM, heightM, sides,
                units, heightAboveGroundM, address, district, roadClass, latitude, longitude, startDate, endDate);
    }

    Form at(BigDecimal lat, BigDecimal lon) {
        return new Form(name, idNumber, email, phone, type, content, productCategory, placement, widthM, heightM, sides,
                units, heightAboveGroundM, address, district, roadClass, lat, lon, startDate, endDate);
    }

    Form during(LocalDate start, LocalDate end) {
        return new Form(name, idNumber, email, phone, type, content, productCategory, placement, widthM, heightM, sides,
                units, heightAboveGroundM, address, district, roadClass, latitude, longitude, start, end);
    }

    Form saying(String text) {
        return new Form(name, idNumber, email, phone, type, text, productCategory, placement, widthM, heightM, sides,
                units, heightAboveGroundM, address, district, roadClass, latitude, longitude, startDate, endDate);
    }
}
