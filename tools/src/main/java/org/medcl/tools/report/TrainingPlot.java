package org.medcl.tools.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG plot of a training run: each loss term against the step in the upper panel, the
 * validation scores (Dice, in [0, 1]) against the step in the lower panel.
 *
 * <p>Points are added one at a time; non-finite values are skipped. A panel with no point is
 * left out of the image; {@link #write} needs at least one point. The PNG is written to a
 * temporary sibling and then renamed over the target, so a reader never sees half a file.
 * Not thread-safe.
 */
public final class TrainingPlot {
  /** Image width in pixels. */
  public static final int WIDTH = 1000;

  /** Height of each panel in pixels. */
  public static final int PANEL_HEIGHT = 420;

  /** Default column of {@link #fromMetricsCsv}: the step. */
  public static final String STEP_COLUMN = "step";

  /** Default prefix of loss columns in {@link #fromMetricsCsv}. */
  public static final String LOSS_PREFIX = "loss";

  /** Default prefix of validation columns in {@link #fromMetricsCsv}. */
  public static final String VALIDATION_PREFIX = "val_dice";

  private final String title;
  private final Map<String, Series> losses = new LinkedHashMap<>();
  private final Map<String, Series> validation = new LinkedHashMap<>();

  /** An empty plot; {@code title} heads the upper panel. */
  public TrainingPlot(String title) {
    this.title = title;
  }

  /**
   * A plot of a metrics CSV ({@link MetricsCsv}): x from {@link #STEP_COLUMN}, one loss series
   * per column whose name starts with {@link #LOSS_PREFIX}, one validation series per column
   * whose name starts with {@link #VALIDATION_PREFIX}. Empty or non-numeric fields are skipped.
   */
  public static TrainingPlot fromMetricsCsv(Path csv, String title) throws IOException {
    return fromMetricsCsv(csv, title, STEP_COLUMN, LOSS_PREFIX, VALIDATION_PREFIX);
  }

  /** As {@link #fromMetricsCsv(Path, String)} with explicit column names and prefixes. */
  public static TrainingPlot fromMetricsCsv(Path csv, String title, String stepColumn,
      String lossPrefix, String validationPrefix) throws IOException {
    TrainingPlot plot = new TrainingPlot(title);
    List<Map<String, String>> rows = MetricsCsv.read(csv);
    if (!rows.isEmpty() && !rows.get(0).containsKey(stepColumn)) {
      throw new IOException("metrics file " + csv + " has no column '" + stepColumn
          + "', found " + rows.get(0).keySet());
    }
    for (Map<String, String> row : rows) {
      Double step = parse(row.get(stepColumn));
      if (step == null) {
        continue;
      }
      for (Map.Entry<String, String> e : row.entrySet()) {
        Double v = parse(e.getValue());
        if (v == null) {
          continue;
        }
        if (e.getKey().startsWith(lossPrefix)) {
          plot.addLoss(e.getKey(), step.longValue(), v);
        } else if (e.getKey().startsWith(validationPrefix)) {
          plot.addValidation(e.getKey(), step.longValue(), v);
        }
      }
    }
    return plot;
  }

  /** Adds a point of loss term {@code term}. */
  public TrainingPlot addLoss(String term, long step, double value) {
    add(losses, term, step, value);
    return this;
  }

  /** Adds a point of validation score {@code name} (e.g. {@code val_dice_mean}). */
  public TrainingPlot addValidation(String name, long step, double value) {
    add(validation, name, step, value);
    return this;
  }

  /** The plot as an image {@link #WIDTH} wide and one {@link #PANEL_HEIGHT} per panel. */
  public BufferedImage render() {
    List<BufferedImage> panels = new ArrayList<>();
    if (hasPoints(losses)) {
      panels.add(BitmapEncoder.getBufferedImage(chart(title, "loss", losses, false)));
    }
    if (hasPoints(validation)) {
      panels.add(BitmapEncoder.getBufferedImage(
          chart("validation", "score", validation, true)));
    }
    if (panels.isEmpty()) {
      throw new IllegalStateException("nothing to plot: no finite loss or validation point");
    }
    BufferedImage out =
        new BufferedImage(WIDTH, PANEL_HEIGHT * panels.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      for (int i = 0; i < panels.size(); i++) {
        g.drawImage(panels.get(i), 0, i * PANEL_HEIGHT, null);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Renders and writes the PNG to {@code png} through a temporary sibling and a rename. */
  public void write(Path png) throws IOException {
    BufferedImage image = render();
    writePng(image, png);
  }

  /** Writes {@code image} as a PNG to a temporary sibling of {@code png}, then renames it. */
  static void writePng(BufferedImage image, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
    if (!ImageIO.write(image, "png", tmp.toFile())) {
      throw new IOException("no PNG writer available for " + png);
    }
    Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static XYChart chart(String title, String yTitle, Map<String, Series> series,
      boolean unitRange) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
        .title(title).xAxisTitle("step").yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartBackgroundColor(Color.WHITE);
    if (unitRange) {
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(1.0);
    }
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series s = e.getValue();
      if (s.steps.isEmpty()) {
        continue;
      }
      XYSeries xy = chart.addSeries(e.getKey(), s.xs(), s.ys());
      if (s.steps.size() > 1) {
        xy.setMarker(SeriesMarkers.NONE);
      }
    }
    return chart;
  }

  private static void add(Map<String, Series> map, String name, long step, double value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("expected a series name, found '" + name + "'");
    }
    Series s = map.computeIfAbsent(name, k -> new Series());
    if (Double.isFinite(value)) {
      s.steps.add((double) step);
      s.values.add(value);
    }
  }

  private static boolean hasPoints(Map<String, Series> map) {
    return map.values().stream().anyMatch(s -> !s.steps.isEmpty());
  }

  private static Double parse(String field) {
    if (field == null || field.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(field);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The points of one series. */
  private static final class Series {
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    double[] xs() {
      return steps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    double[] ys() {
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }
}
