package io.stockflow.bench.report;

import io.stockflow.bench.load.LatencyRecorder;
import io.stockflow.bench.load.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots: latency over time (per-second p99, or p50/p99/max) and latency distributions. */
public final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;

    private final Path dir;

    public Charts(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** One line per step: the p99 of each second, steps laid end to end. Returns the file name. */
    public String stepsOverTime(String file, String title, List<StepResult> steps) throws IOException {
        XYChart chart = chart(title, "time into the phase (s)", "p99 per second (ms)");
        chart.getStyler().setYAxisLogarithmic(true);
        double offset = 0;
        for (StepResult step : steps) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            double last = 0;
            for (LatencyRecorder.Sample s : step.series()) {
                x.add(offset + s.atSeconds());
                y.add(Math.max(0.01, s.p99Ms()));
                last = s.atSeconds();
            }
            if (!x.isEmpty()) {
                line(chart, String.format("%s %,.0f/s", step.name(), step.targetRate()), x, y);
            }
            offset += Math.max(last, 1) + 1;
        }
        return save(chart, file);
    }

    /** p50, p99 and max of each second of one step. */
    public String stepOverTime(String file, String title, StepResult step) throws IOException {
        XYChart chart = chart(title, "time (s)", "latency (ms)");
        chart.getStyler().setYAxisLogarithmic(true);
        List<Double> x = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        for (LatencyRecorder.Sample s : step.series()) {
            x.add(s.atSeconds());
            p50.add(Math.max(0.01, s.p50Ms()));
            p99.add(Math.max(0.01, s.p99Ms()));
            max.add(Math.max(0.01, s.maxMs()));
        }
        if (!x.isEmpty()) {
            line(chart, "p50", x, p50);
            line(chart, "p99", x, p99);
            line(chart, "max", x, max);
        }
        return save(chart, file);
    }

    /** Percentile spectra (x: percentile on a 1/(1-p) scale) of several steps on one chart. */
    public String distribution(String file, String title, List<StepResult> steps, List<String> labels)
            throws IOException {
        // x is log10(1 / (1 - p)), so the tail gets room: (xchart's custom tick labels loop on this axis)
        XYChart chart = chart(title, "percentile: 0 = p0, 1 = p90, 2 = p99, 3 = p99.9, 4 = p99.99", "latency (ms)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        for (int i = 0; i < steps.size(); i++) {
            Histogram h = steps.get(i).histogram();
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p >= 100) {
                    break;
                }
                x.add(Math.log10(1 / (1 - p / 100)));
                y.add(Math.max(0.01, LatencyRecorder.ms(v.getValueIteratedTo())));
            }
            if (!x.isEmpty()) {
                line(chart, labels.get(i), x, y);
            }
        }
        return save(chart, file);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(3);
        return chart;
    }

    /** xchart refuses a series name twice: a rate list may repeat a rate (to see its run-to-run spread). */
    private static void line(XYChart chart, String name, List<Double> x, List<Double> y) {
        String unique = name;
        for (int n = 2; chart.getSeriesMap().containsKey(unique); n++) {
            unique = name + " (" + n + ")";
        }
        XYSeries series = chart.addSeries(unique, x, y);
        series.setMarker(SeriesMarkers.NONE);
    }

    private String save(XYChart chart, String file) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
