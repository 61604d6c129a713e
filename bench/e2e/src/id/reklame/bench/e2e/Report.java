package id.reklame.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Figures from what the run recorded: percentiles, error counts by kind and phase, recovery per fault, and the plots. */
final class Report {

    /** A fault's window and how long after its end the system was back to normal (-1: not within the run). */
    record Recovery(Faults.Window window, double startS, double downS, double recoveryS, long failedCalls) {
    }

    private final long t0;
    private final long measuredFrom;
    private final long sendingEnded;
    private final List<Calls.Call> calls;
    private final List<Traffic.Latency> latencies;
    private final List<Faults.Window> windows;
    private final long graceNanos;

    /** {@code measuredFrom}: the end of the warm-up; {@code sendingEnded}: when the last journey started. */
    Report(long t0, long measuredFrom, long sendingEnded, List<Calls.Call> calls, List<Traffic.Latency> latencies,
           List<Faults.Window> windows, long graceNanos) {
        this.t0 = t0;
        this.measuredFrom = measuredFrom;
        this.sendingEnded = sendingEnded;
        this.calls = calls;
        this.latencies = latencies;
        this.windows = windows;
        this.graceNanos = graceNanos;
    }

    long measuredFrom() {
        return measuredFrom;
    }

    double seconds(long nanos) {
        return (nanos - t0) / 1e9;
    }

    /** The fault window (with its grace) a moment falls in, or "steady". */
    String phase(long sent, long answered) {
        for (Faults.Window w : windows) {
            if (answered >= w.startNanos() && sent <= w.endNanos()) {
                return w.name();
            }
            if (answered >= w.startNanos() && sent <= w.endNanos() + graceNanos) {
                return w.name() + " (grace)";
            }
        }
        return "steady";
    }

    /** kind → phase → count, for calls that failed (5xx or no answer). */
    Map<String, Map<String, Long>> errors() {
        Map<String, Map<String, Long>> table = new TreeMap<>();
        for (Calls.Call c : calls) {
            if (c.kind() != null) {
                table.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(phase(c.outNanos(), c.answeredNanos()), 1L, Long::sum);
            }
        }
        return table;
    }

    List<Calls.Call> fiveHundredsOutsideWindows() {
        return calls.stream().filter(c -> c.status() >= 500 && phase(c.outNanos(), c.answeredNanos()).equals("steady")).toList();
    }

    static double[] percentiles(long[] sortedNanos, double... ps) {
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = sortedNanos.length == 0 ? Double.NaN
                    : sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.ceil(ps[i] / 100 * sortedNanos.length) - 1)] / 1e6;
        }
        return out;
    }

    /** Submissions answered 202 between the end of the warm-up and the start of the last journey. */
    long acceptedAfterWarmUp() {
        return calls.stream().filter(c -> c.operation().equals("submit") && c.status() == 202
                && c.answeredNanos() >= measuredFrom && c.answeredNanos() <= sendingEnded).count();
    }

    /** The latencies of submissions accepted after the warm-up. */
    long[] sorted(ToLongFunction<Traffic.Latency> f, boolean steadyOnly) {
        return latencies.stream().filter(l -> f.applyAsLong(l) > 0 && l.acceptedNanos() >= measuredFrom)
                .filter(l -> !steadyOnly || phase(l.acceptedNanos(), f.applyAsLong(l)).equals("steady"))
                .mapToLong(l -> f.applyAsLong(l) - l.acceptedNanos()).sorted().toArray();
    }

    static ToLongFunction<Traffic.Latency> VIEW = Traffic.Latency::viewNanos;
    static ToLongFunction<Traffic.Latency> DECISION = Traffic.Latency::decisionNanos;

    /**
     * Recovery: from a fault's end to the start of the first 5 s in which no call failed and the p90 of
     * 202 → view and of 202 → decision (by the second of the 202) were at most 3× their p90 before the
     * first fault (and at least 100 ms).
     */
    List<Recovery> recoveries() {
        long firstFault = windows.stream().mapToLong(Faults.Window::startNanos).min().orElse(Long.MAX_VALUE);
        double viewLimit = limit(VIEW, firstFault), decisionLimit = limit(DECISION, firstFault);
        long slot = 250_000_000L;
        long lastCall = calls.stream().mapToLong(Calls.Call::answeredNanos).max().orElse(t0);
        int slots = (int) ((lastCall - t0) / slot) + 1;
        int[] failed = new int[slots];
        for (Calls.Call c : calls) {
            if (c.failed() && c.answeredNanos() >= t0) {
                failed[(int) ((c.answeredNanos() - t0) / slot)]++;
            }
        }
        List<List<Long>> view = new ArrayList<>(), decision = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            view.add(new ArrayList<>());
            decision.add(new ArrayList<>());
        }
        for (Traffic.Latency l : latencies) {
            int i = (int) ((l.acceptedNanos() - t0) / slot);
            if (i >= 0 && i < slots) {
                if (l.viewNanos() > 0) view.get(i).add(l.viewNanos() - l.acceptedNanos());
                if (l.decisionNanos() > 0) decision.get(i).add(l.decisionNanos() - l.acceptedNanos());
            }
        }
        int span = 20; // 5 s
        List<Recovery> out = new ArrayList<>();
        for (Faults.Window w : windows) {
            double recovery = -1;
            for (int i = (int) ((w.endNanos() - t0) / slot); i + span <= slots; i++) {
                boolean anyFailed = false;
                List<Long> v = new ArrayList<>(), d = new ArrayList<>();
                for (int j = i; j < i + span; j++) {
                    anyFailed |= failed[j] > 0;
                    v.addAll(view.get(j));
                    d.addAll(decision.get(j));
                }
                if (!anyFailed && p90(v) <= viewLimit && p90(d) <= decisionLimit) {
                    recovery = Math.max(0, (t0 + i * slot - w.endNanos()) / 1e9);
                    break;
                }
            }
            long failedCalls = calls.stream().filter(c -> c.failed() && phase(c.outNanos(), c.answeredNanos()).startsWith(w.name())).count();
            out.add(new Recovery(w, seconds(w.startNanos()), (w.endNanos() - w.startNanos()) / 1e9, recovery, failedCalls));
        }
        return out;
    }

    private static double p90(List<Long> nanos) {
        return nanos.isEmpty() ? 0 : percentiles(nanos.stream().mapToLong(Long::longValue).sorted().toArray(), 90)[0];
    }

    double limit(ToLongFunction<Traffic.Latency> f, long before) {
        long[] base = latencies.stream().filter(l -> f.applyAsLong(l) > 0 && l.acceptedNanos() < before && l.acceptedNanos() >= measuredFrom)
                .mapToLong(l -> f.applyAsLong(l) - l.acceptedNanos()).sorted().toArray();
        double p90 = percentiles(base, 90)[0];
        return Double.isNaN(p90) ? 1000 : Math.max(100, 3 * p90);
    }

    // ---- plots -------------------------------------------------------------------------------

    void latencyOverTime(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1400).height(700).title("End-to-end latency by the second of the 202, fault windows marked")
                .xAxisTitle("time since start (s)").yAxisTitle("latency (ms, log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(3);
        perSecond(chart, "202 -> view p50", VIEW, 50);
        perSecond(chart, "202 -> view p99", VIEW, 99);
        perSecond(chart, "202 -> decision p50", DECISION, 50);
        perSecond(chart, "202 -> decision p99", DECISION, 99);
        double top = chart.getSeriesMap().values().stream().mapToDouble(s -> Arrays.stream(s.getYData()).max().orElse(1)).max().orElse(1);
        markFaults(chart, top);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private void perSecond(XYChart chart, String name, ToLongFunction<Traffic.Latency> f, double p) {
        Map<Integer, List<Long>> bySecond = new TreeMap<>();
        for (Traffic.Latency l : latencies) {
            if (f.applyAsLong(l) > 0) {
                bySecond.computeIfAbsent((int) seconds(l.acceptedNanos()), k -> new ArrayList<>()).add(f.applyAsLong(l) - l.acceptedNanos());
            }
        }
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        bySecond.forEach((second, values) -> {
            x.add((double) second);
            y.add(Math.max(0.1, percentiles(values.stream().mapToLong(Long::longValue).sorted().toArray(), p)[0]));
        });
        if (!x.isEmpty()) {
            XYSeries series = chart.addSeries(name, x, y);
            series.setMarker(SeriesMarkers.NONE);
        }
    }

    private void markFaults(XYChart chart, double top) {
        chart.addAnnotation(new AnnotationLine(seconds(measuredFrom), true, false));
        chart.addAnnotation(new AnnotationText("warm-up ends", seconds(measuredFrom) + 2, top, false));
        for (Faults.Window w : windows) {
            AnnotationLine start = new AnnotationLine(seconds(w.startNanos()), true, false);
            AnnotationLine end = new AnnotationLine(seconds(w.endNanos()), true, false);
            chart.addAnnotation(start);
            chart.addAnnotation(end);
            chart.addAnnotation(new AnnotationText(w.name(), seconds(w.startNanos()) + 2, top, false));
        }
    }

    void throughput(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1400).height(500).title("Accepted submissions and failed calls per second, fault windows marked")
                .xAxisTitle("time since start (s)").yAxisTitle("per second").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Map<Integer, Long> accepted = new TreeMap<>(), failed = new TreeMap<>();
        int last = 0;
        for (Calls.Call c : calls) {
            int second = (int) seconds(c.answeredNanos());
            last = Math.max(last, second);
            if (c.operation().equals("submit") && c.status() == 202) {
                accepted.merge(second, 1L, Long::sum);
            }
            if (c.failed()) {
                failed.merge(second, 1L, Long::sum);
            }
        }
        List<Double> x = new ArrayList<>(), a = new ArrayList<>(), f = new ArrayList<>();
        for (int s = 0; s <= last; s++) {
            x.add((double) s);
            a.add((double) accepted.getOrDefault(s, 0L));
            f.add((double) failed.getOrDefault(s, 0L));
        }
        chart.addSeries("accepted submissions (202)", x, a).setMarker(SeriesMarkers.NONE);
        chart.addSeries("failed calls (5xx or no answer)", x, f).setMarker(SeriesMarkers.NONE);
        markFaults(chart, Math.max(1, a.stream().mapToDouble(Double::doubleValue).max().orElse(1)));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static final double[] EDGES_MS = {5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000};

    void histogram(Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(600).title("End-to-end latency, every submission after the warm-up")
                .xAxisTitle("latency (ms, upper bound of the bucket)").yAxisTitle("submissions").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setOverlapped(false);
        List<String> buckets = new ArrayList<>();
        for (double edge : EDGES_MS) {
            buckets.add("<=" + (edge >= 1000 ? (int) (edge / 1000) + "s" : (int) edge + ""));
        }
        buckets.add(">30s");
        chart.addSeries("202 -> view", buckets, counts(sorted(VIEW, false)));
        chart.addSeries("202 -> decision", buckets, counts(sorted(DECISION, false)));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Long> counts(long[] nanos) {
        long[] counts = new long[EDGES_MS.length + 1];
        for (long n : nanos) {
            double ms = n / 1e6;
            int i = 0;
            while (i < EDGES_MS.length && ms > EDGES_MS[i]) {
                i++;
            }
            counts[i]++;
        }
        return Arrays.stream(counts).boxed().toList();
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }
}
