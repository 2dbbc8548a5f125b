package ai.fastmath.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts as PNG (JFreeChart, headless): one or more panels sharing the x axis, each with named
 * series. Used for evaluation plots and training curves.
 */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A named series of (x, y) points. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x vs " + y.length + " y");
            }
        }
    }

    /** One panel: a y axis and its series. */
    public record Panel(String yLabel, List<Series> series) {}

    private Charts() {}

    /**
     * Loads and exercises the chart classes on a background thread, so that the first real chart
     * (at the end of a time-limited run) does not pay a second of class loading.
     */
    public static void warmUp() {
        Thread t = new Thread(() -> chart("", "x", List.of(new Panel("y", List.of(new Series("s", new double[] {0, 1},
                new double[] {0, 1}))))).createBufferedImage(64, 64), "fastmath-charts-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Writes a chart of stacked panels over one x axis. */
    public static void write(Path png, String title, String xLabel, List<Panel> panels) {
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart(title, xLabel, panels), 900, 300 + 250 * panels.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static JFreeChart chart(String title, String xLabel, List<Panel> panels) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis(xLabel));
        plot.setGap(8);
        for (Panel p : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (Series s : p.series()) {
                XYSeries xy = new XYSeries(s.name(), false, true);
                for (int i = 0; i < s.x().length; i++) {
                    xy.add(s.x()[i], s.y()[i]);
                }
                data.addSeries(xy);
            }
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, p.series().stream()
                    .allMatch(s -> s.x().length <= 60));
            for (int i = 0; i < p.series().size(); i++) {
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
            NumberAxis y = new NumberAxis(p.yLabel());
            y.setAutoRangeIncludesZero(true);
            XYPlot sub = new XYPlot(data, null, y, renderer);
            sub.setBackgroundPaint(Color.WHITE);
            sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
            sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.add(sub);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
