package id.reklame.bench.e2e;

import id.reklame.contracts.json.ReklameJson;
import id.reklame.localstack.LocalToken;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applicants at a fixed rate (open loop: a new one every 1/rate s whatever the system is doing), each
 * following one journey through the ingress and checking each answer as it goes. What each journey
 * should end as is kept for the final checks; the 202 → view and 202 → decision latencies of its first
 * submission for the report.
 */
final class Traffic {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    private static final String[] TYPES = {"BILLBOARD", "BALIHO", "VIDEOTRON", "NEON_BOX", "SPANDUK", "STIKER"};
    private static final String[] DISTRICTS = {"Tegalsari", "Genteng", "Gubeng", "Wonokromo", "Sawahan", "Rungkut",
            "Tambaksari", "Sukolilo", "Mulyorejo", "Kenjeran"};
    /** Z-SCH-01 of the default prohibited zones (radius 100 m). */
    private static final double SCHOOL_LAT = -7.265, SCHOOL_LON = 112.75;

    enum Scenario {
        ASSESSED(30), INVALID(10), REJECTED_PRODUCT(4), REJECTED_ZONE(4), REVISED(10), WITHDRAWN(10),
        PAID_ON_TIME(10), PAID_LATE(5), PAID_SHORT(6), RENEWED(6), SITE_OCCUPIED(5);

        final int weight;

        Scenario(int weight) {
            this.weight = weight;
        }
    }

    /** What an accepted application must look like in the read model once everything has settled. */
    record Expected(UUID applicationId, Scenario scenario, String status, Long tax, UUID renewalOf, String content) {
    }

    /** Nanos of the 202, of the view at version 1, and of the view with the worker's decision (0 when none awaited). */
    record Latency(long acceptedNanos, long viewNanos, long decisionNanos) {
    }

    private final Api api;
    private final JsonMapper json = ReklameJson.mapper();
    private final String runId;
    private final double baseLatitude;
    private final AtomicInteger cells = new AtomicInteger();
    private final long seed;

    final ConcurrentLinkedQueue<Expected> expected = new ConcurrentLinkedQueue<>();
    /** Every application the client got a 202 for, whether or not its journey went on to the end. */
    final Set<UUID> acceptedIds = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Latency> latencies = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    final Map<Scenario, LongAdder> started = new EnumMap<>(Scenario.class);
    final Map<Scenario, LongAdder> finished = new EnumMap<>(Scenario.class);
    final LongAdder accepted = new LongAdder();
    final LongAdder refusedAsInvalid = new LongAdder();
    final LongAdder gaveUp = new LongAdder();
    final AtomicLong journeys = new AtomicLong();
    /** Bearer tokens as the local stack's identity provider would hand them out, one per applicant. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final String paymentGateway = "Bearer " + LocalToken.token("PAYMENT_GATEWAY", "bank-gateway", Instant.now());

    Traffic(Api api, String runId, double baseLatitude, long seed) {
        this.api = api;
        this.runId = runId;
        this.baseLatitude = baseLatitude;
        this.seed = seed;
        for (Scenario s : Scenario.values()) {
            started.put(s, new LongAdder());
            finished.put(s, new LongAdder());
        }
    }

    /**
     * Starts journeys for {@code warmUp} s at a rate rising from 0 to {@code rate} per second (cold JVMs
     * must not meet the full rate at once), then at {@code rate} per second for {@code seconds}; returns
     * once the last has started.
     */
    ExecutorService drive(int rate, int warmUp, int seconds) {
        ExecutorService applicants = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        long warmUpJourneys = (long) rate * warmUp / 2;
        long total = warmUpJourneys + (long) rate * seconds;
        for (long n = 0; n < total; n++) {
            // the n-th arrival: on the ramp, rate·t²/(2·warmUp) journeys have started by t
            double at = n < warmUpJourneys ? Math.sqrt(2.0 * warmUp * n / rate) : warmUp + (double) (n - warmUpJourneys) / rate;
            long due = start + (long) (at * 1e9);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long journey = journeys.getAndIncrement();
            applicants.submit(() -> journey(journey));
        }
        applicants.shutdown();
        return applicants;
    }

    private Scenario pick(Random random) {
        int sum = 0;
        for (Scenario s : Scenario.values()) {
            sum += s.weight;
        }
        int r = random.nextInt(sum);
        for (Scenario s : Scenario.values()) {
            if ((r -= s.weight) < 0) {
                return s;
            }
        }
        throw new IllegalStateException();
    }

    void journey(long n) {
        Random random = new Random(seed * 1_000_003L + n);
        Scenario scenario = pick(random);
        started.get(scenario).increment();
        try {
            switch (scenario) {
                case ASSESSED -> assessed(random, n);
                case INVALID -> invalid(random, n);
                case REJECTED_PRODUCT -> rejected(scenario, n, form(random, n).withProduct(random.nextBoolean() ? "TOBACCO" : "ALCOHOL", "OUTDOOR"), "PRODUCT_PROHIBITED");
                case REJECTED_ZONE -> rejected(scenario, n, form(random, n).at(
                        coordinate(SCHOOL_LAT + (random.nextDouble() - 0.5) * 0.0008), coordinate(SCHOOL_LON + (random.nextDouble() - 0.5) * 0.0008)), "PROHIBITED_ZONE");
                case REVISED -> revised(random, n);
                case WITHDRAWN -> withdrawn(random, n);
                case PAID_ON_TIME -> paid(random, n, scenario);
                case PAID_LATE -> paid(random, n, scenario);
                case PAID_SHORT -> paid(random, n, scenario);
                case RENEWED -> renewed(random, n);
                case SITE_OCCUPIED -> siteOccupied(random, n);
            }
            finished.get(scenario).increment();
        } catch (Api.GaveUp e) {
            gaveUp.increment();
            problems.add(scenario + " #" + n + ": gave up: " + e.getMessage());
        } catch (RuntimeException e) {
            problems.add(scenario + " #" + n + ": " + e);
        }
    }

    // ---- the journeys ------------------------------------------------------------------------

    private void assessed(Random random, long n) {
        Form form = form(random, n);
        Submitted s = submit(applicant(n), form);
        JsonNode view = decided(s, "ASSESSED");
        checkTax(view, form);
        expected.add(new Expected(s.id, Scenario.ASSESSED, "ASSESSED", Tax.of(form), null, form.content()));
    }

    private void invalid(Random random, long n) {
        Map<String, Object> body = form(random, n).body();
        @SuppressWarnings("unchecked") Map<String, Object> reklame = (Map<String, Object>) body.get("reklame");
        @SuppressWarnings("unchecked") Map<String, Object> applicant = (Map<String, Object>) body.get("applicant");
        switch (random.nextInt(5)) {
            case 0 -> reklame.put("sides", 9);
            case 1 -> reklame.put("widthM", 0);
            case 2 -> applicant.put("idNumber", "12345");
            case 3 -> body.put("period", Map.of("startDate", "2027-05-01", "endDate", "2027-04-01"));
            default -> reklame.put("colour", "red"); // an unknown field
        }
        Api.Answer answer = api.untilAnswered("submit (invalid)", "POST", "/api/v1/applications", write(body),
                Map.of("Authorization", applicant(n), "Idempotency-Key", UUID.randomUUID().toString()));
        if (answer.status() == 400 && answer.body().contains("\"errors\"")) {
            refusedAsInvalid.increment();
        } else {
            problems.add("INVALID #" + n + ": answered " + answer.status() + " " + answer.body());
        }
    }

    private void rejected(Scenario scenario, long n, Form form, String code) {
        Submitted s = submit(applicant(n), form);
        JsonNode view = decided(s, "REJECTED");
        if (!view.toString().contains(code)) {
            problems.add(scenario + " " + s.id + ": rejected without " + code + ": " + view.path("rejection"));
        }
        expected.add(new Expected(s.id, scenario, "REJECTED", null, null, form.content()));
    }

    private void revised(Random random, long n) {
        Form fits = form(random, n);
        int limit = Tax.FACE_LIMIT.get(fits.roadClass());
        Form tooLarge = fits.withSize(BigDecimal.valueOf(limit / 2 + 1), BigDecimal.valueOf(3)); // a face of (limit/2+1)×3 > limit
        Submitted s = submit(applicant(n), tooLarge);
        decided(s, "REVISION_REQUIRED");
        Api.Answer answer = api.untilAnswered("revise", "PUT", "/api/v1/applications/" + s.id, write(fits.body()),
                Map.of("Authorization", s.as, "If-Match", "\"2\""));
        // 412: an earlier attempt of this same revision was stored but its answer lost
        if (answer.status() != 202 && answer.status() != 412) {
            throw new IllegalStateException("revision answered " + answer.status() + " " + answer.body());
        }
        JsonNode view = awaitView(s, 4, "read (revised)");
        expectStatus(s.id, view, "ASSESSED");
        checkTax(view, fits);
        expected.add(new Expected(s.id, Scenario.REVISED, "ASSESSED", Tax.of(fits), null, fits.content()));
    }

    private void withdrawn(Random random, long n) {
        Form form = form(random, n);
        Submitted s = submit(applicant(n), form);
        awaitView(s, 1, "read");
        latencies.add(new Latency(s.acceptedNanos, System.nanoTime(), 0));
        Api.Answer answer = api.untilAnswered("withdraw", "POST", "/api/v1/applications/" + s.id + "/withdrawal",
                write(Map.of("reason", "changed our plans")), Map.of("Authorization", s.as));
        // 409: an earlier attempt was stored but its answer lost (the final check looks at the view)
        if (answer.status() != 202 && answer.status() != 409) {
            throw new IllegalStateException("withdrawal answered " + answer.status() + " " + answer.body());
        }
        expected.add(new Expected(s.id, Scenario.WITHDRAWN, "WITHDRAWN", null, null, form.content()));
    }

    private void paid(Random random, long n, Scenario scenario) {
        Form form = form(random, n);
        long tax = Tax.of(form);
        Submitted s = submit(applicant(n), form);
        JsonNode view = decided(s, "ASSESSED");
        checkTax(view, form);
        String billingCode = view.path("assessment").path("billingCode").asString();
        switch (scenario) {
            case PAID_ON_TIME -> {
                pay(s.id, billingCode, tax, Instant.now());
                expectStatus(s.id, awaitView(s, 4, "read (paid)"), "ISSUED");
                expected.add(new Expected(s.id, scenario, "ISSUED", tax, null, form.content()));
            }
            case PAID_SHORT -> {
                pay(s.id, billingCode, tax - 1000, Instant.now());
                JsonNode after = awaitView(s, 4, "read (paid)");
                expectStatus(s.id, after, "PAYMENT_REJECTED");
                expectShortfall(s.id, after, 1000);
                expected.add(new Expected(s.id, scenario, "PAYMENT_REJECTED", tax, null, form.content()));
            }
            default -> { // late: the tax alone is short by the interest; the interest then completes it
                LocalDate dueDate = LocalDate.parse(view.path("assessment").path("dueDate").asString());
                LocalDate paidOn = dueDate.plusDays(40);
                Instant paidAt = paidOn.atTime(LocalTime.NOON).atZone(JAKARTA).toInstant();
                long due = Tax.dueOn(paidOn, tax, dueDate);
                pay(s.id, billingCode, tax, paidAt);
                JsonNode after = awaitView(s, 4, "read (paid late)");
                expectStatus(s.id, after, "PAYMENT_REJECTED");
                expectShortfall(s.id, after, due - tax);
                pay(s.id, billingCode, due - tax, paidAt);
                expectStatus(s.id, awaitView(s, 6, "read (paid late)"), "ISSUED");
                expected.add(new Expected(s.id, scenario, "ISSUED", tax, null, form.content()));
            }
        }
    }

    private void renewed(Random random, long n) {
        LocalDate today = LocalDate.now(JAKARTA);
        Form form = form(random, n).during(today, today.plusDays(19)); // within the renewal window from the start
        long tax = Tax.of(form);
        Submitted s = submit(applicant(n), form);
        JsonNode view = decided(s, "ASSESSED");
        checkTax(view, form);
        pay(s.id, view.path("assessment").path("billingCode").asString(), tax, Instant.now());
        expectStatus(s.id, awaitView(s, 4, "read (paid)"), "ISSUED");
        expected.add(new Expected(s.id, Scenario.RENEWED, "ISSUED", tax, null, form.content()));
        Api.Answer answer = api.untilAnswered("renew", "POST", "/api/v1/applications/" + s.id + "/renewal", "{}", Map.of("Authorization", s.as));
        if (answer.status() != 202) {
            throw new IllegalStateException("renewal answered " + answer.status() + " " + answer.body());
        }
        UUID renewal = UUID.fromString(json.readTree(answer.body()).path("applicationId").asString());
        acceptedIds.add(renewal);
        Form next = form.during(today.plusDays(20), today.plusDays(39));
        JsonNode renewed = awaitView(new Submitted(renewal, 0, s.as), 2, "read (renewal)");
        expectStatus(renewal, renewed, "ASSESSED");
        checkTax(renewed, next);
        expected.add(new Expected(renewal, Scenario.RENEWED, "ASSESSED", Tax.of(next), s.id, form.content()));
    }

    private void siteOccupied(Random random, long n) {
        Form first = form(random, n);
        Submitted a = submit(applicant(n), first);
        decided(a, "ASSESSED");
        expected.add(new Expected(a.id, Scenario.SITE_OCCUPIED, "ASSESSED", Tax.of(first), null, first.content()));
        Form second = first.saying(first.content() + " (same spot)");
        Submitted b = submit(applicant(n), second);
        JsonNode view = awaitView(b, 2, "read (decision)");
        expectStatus(b.id, view, "REJECTED");
        if (!view.toString().contains("SITE_OCCUPIED")) {
            problems.add("SITE_OCCUPIED " + b.id + ": rejected without SITE_OCCUPIED: " + view.path("rejection"));
        }
        expected.add(new Expected(b.id, Scenario.SITE_OCCUPIED, "REJECTED", null, null, second.content()));
    }

    // ---- steps -------------------------------------------------------------------------------

    /** An accepted application and the bearer token of the applicant who submitted it, who reads and changes it. */
    private record Submitted(UUID id, long acceptedNanos, String as) {
    }

    /**
     * The bearer token of the journey's applicant: one of a thousand applicants, each seeing only the applications
     * it submitted.
     */
    private String applicant(long n) {
        return tokens.computeIfAbsent("applicant-" + n % 1000, subject -> "Bearer " + LocalToken.token("APPLICANT", subject, Instant.now()));
    }

    private Submitted submit(String as, Form form) {
        Api.Answer answer = api.untilAnswered("submit", "POST", "/api/v1/applications", write(form.body()),
                Map.of("Authorization", as, "Idempotency-Key", UUID.randomUUID().toString()));
        long at = System.nanoTime();
        if (answer.status() != 202) {
            throw new IllegalStateException("submission answered " + answer.status() + " " + answer.body());
        }
        accepted.increment();
        UUID id = UUID.fromString(json.readTree(answer.body()).path("applicationId").asString());
        acceptedIds.add(id);
        return new Submitted(id, at, as);
    }

    /** The view at version 1, then with the worker's decision (version 2), timing both from the 202. */
    private JsonNode decided(Submitted s, String status) {
        awaitView(s, 1, "read");
        long view = System.nanoTime();
        JsonNode decided = awaitView(s, 2, "read (decision)");
        latencies.add(new Latency(s.acceptedNanos, view, System.nanoTime()));
        expectStatus(s.id, decided, status);
        return decided;
    }

    private void pay(UUID id, String billingCode, long amount, Instant paidAt) {
        Map<String, Object> payment = Map.of("billingCode", billingCode, "amount", amount, "paidAt", paidAt.toString(),
                "reference", "PAY-" + UUID.randomUUID());
        Api.Answer answer = api.untilAnswered("pay", "POST", "/api/v1/applications/" + id + "/payments", write(payment),
                Map.of("Authorization", paymentGateway));
        if (answer.status() != 202) {
            throw new IllegalStateException("payment answered " + answer.status() + " " + answer.body());
        }
    }

    /** Reads the view with {@code ?minVersion}, asking again (backing off) while the view is behind or the system down. */
    JsonNode awaitView(Submitted s, long minVersion, String operation) {
        UUID id = s.id;
        long deadline = System.nanoTime() + api.patience().toNanos();
        int behind = 0;
        int silent = 0;
        while (true) {
            Api.Answer answer = api.once(operation, "GET", "/api/v1/applications/" + id + "?minVersion=" + minVersion, null,
                    Map.of("Authorization", s.as));
            if (answer.status() == 200) {
                return json.readTree(answer.body());
            }
            if (System.nanoTime() > deadline) {
                throw new Api.GaveUp(operation + " " + id + " at version " + minVersion + ": still " + answer.status());
            }
            if (answer.status() == 409 || answer.status() == 404) {
                // the query side already waited 2 s for it: ask again at once, then back off as for an outage
                // (a view that is far behind means a part is down; thousands of readers must not hammer it)
                if (++behind > 1) {
                    Api.pause(Api.backoff(behind + 1));
                }
            } else if (answer.retryable()) {
                Api.pause(Api.backoff(++silent));
            } else {
                throw new IllegalStateException(operation + " " + id + " answered " + answer.status() + " " + answer.body());
            }
        }
    }

    private void expectStatus(UUID id, JsonNode view, String status) {
        if (!view.path("status").asString().equals(status)) {
            throw new IllegalStateException(id + " is " + view.path("status").asString() + " (version "
                    + view.path("version").asLong() + "), expected " + status + ": rejection " + view.path("rejection")
                    + " revision " + view.path("revision"));
        }
    }

    private void checkTax(JsonNode view, Form form) {
        long tax = view.path("assessment").path("tax").asLong(-1);
        if (tax != Tax.of(form)) {
            problems.add(view.path("applicationId").asString() + ": tax " + tax + " in the view, " + Tax.of(form) + " computed");
        }
    }

    private void expectShortfall(UUID id, JsonNode view, long shortfall) {
        JsonNode payments = view.path("payments");
        long last = payments.isArray() && !payments.isEmpty() ? payments.get(payments.size() - 1).path("shortfall").asLong(-1) : -1;
        if (last != shortfall) {
            problems.add(id + ": shortfall " + last + " in the view, " + shortfall + " computed (" + payments + ")");
        }
    }

    // ---- what applicants type ----------------------------------------------------------------

    /** A valid application at a spot of its own: a grid of 0.0002° (about 22 m, more than SITE_OCCUPIED's 10 m). */
    Form form(Random random, long n) {
        int cell = cells.getAndIncrement();
        BigDecimal lat = coordinate(baseLatitude + (cell / 400) * 0.0002);
        BigDecimal lon = coordinate(112.55 + (cell % 400) * 0.0002);
        String type = TYPES[random.nextInt(TYPES.length)];
        String road = Tax.ROAD_CLASSES.get(random.nextInt(4));
        boolean indoor = random.nextInt(5) == 0;
        String category = indoor && random.nextInt(3) == 0 ? (random.nextBoolean() ? "TOBACCO" : "ALCOHOL") : "GENERAL";
        BigDecimal width = BigDecimal.valueOf(50 + random.nextInt(251), 2);   // 0.50–3.00 m
        BigDecimal height = BigDecimal.valueOf(50 + random.nextInt(351), 2);  // 0.50–4.00 m: a face of at most 12 m²
        BigDecimal above = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> new BigDecimal("5");
            default -> new BigDecimal("18.5");
        };
        LocalDate start = LocalDate.now(JAKARTA).plusDays(1 + random.nextInt(60));
        LocalDate end = start.plusDays(random.nextInt(365));
        String digits = String.format("%016d", Math.floorMod(random.nextLong(), 10_000_000_000_000_000L));
        return new Form("PT Uji Beban " + n, digits, "izin" + n + "@uji.co.id", "+62812" + String.format("%08d", n % 100_000_000),
                type, "bench " + runId + " #" + n, category, indoor ? "INDOOR" : "OUTDOOR", width, height,
                1 + random.nextInt(2), 1 + random.nextInt(3), above,
                "Jl. Uji " + n, DISTRICTS[random.nextInt(DISTRICTS.length)], road, lat, lon, start, end);
    }

    private static BigDecimal coordinate(double degrees) {
        return BigDecimal.valueOf(Math.round(degrees * 1_000_000), 6);
    }

    private String write(Object body) {
        return json.writeValueAsString(body);
    }

    List<Expected> expectations() {
        return new ArrayList<>(expected);
    }
}
