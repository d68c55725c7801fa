package org.medcl.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotTest {
  @TempDir Path dir;

  /** Number of distinct colours in the image: a plot with lines has many more than one. */
  private static long colours(BufferedImage img) {
    return Arrays.stream(img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0,
        img.getWidth())).distinct().count();
  }

  @Test
  void lossesAndValidation_giveTwoPanelsInADecodablePng() throws IOException {
    TrainingPlot plot = new TrainingPlot("run 1");
    for (int step = 0; step <= 100; step += 10) {
      plot.addLoss("loss_total", step, 2.0 / (1 + step));
      plot.addLoss("loss_mix", step, -0.1 * step / 100);
    }
    plot.addValidation("val_dice_mean", 50, 0.5).addValidation("val_dice_mean", 100, 0.75);
    Path png = dir.resolve("plot.png");
    plot.write(png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img);
    assertEquals(TrainingPlot.WIDTH, img.getWidth());
    assertEquals(2 * TrainingPlot.PANEL_HEIGHT, img.getHeight());
    assertTrue(colours(img) > 10, "colours " + colours(img));
    assertFalse(Files.exists(dir.resolve("plot.png.tmp")));
  }

  @Test
  void lossesOnly_giveOnePanel() {
    BufferedImage img = new TrainingPlot("t").addLoss("loss", 1, 1.0).addLoss("loss", 2, 0.5)
        .addValidation("val_dice_mean", 1, Double.NaN).render();
    assertEquals(TrainingPlot.PANEL_HEIGHT, img.getHeight());
  }

  @Test
  void noFinitePoint_isRefused() {
    TrainingPlot plot = new TrainingPlot("t").addLoss("loss", 1, Double.NaN);
    IllegalStateException e = assertThrows(IllegalStateException.class, plot::render);
    assertEquals("nothing to plot: no finite loss or validation point", e.getMessage());
  }

  @Test
  void metricsCsv_isPlottedByColumnPrefix() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    try (MetricsCsv m = MetricsCsv.open(csv,
        List.of("step", "epoch", "loss_total", "val_dice_mean", "lr"))) {
      m.append(List.of(10, 1, 1.5, 0.4, 1e-3));
      m.append(Arrays.asList(20, 2, 1.0, null, 1e-3));
    }
    BufferedImage img = TrainingPlot.fromMetricsCsv(csv, "from csv").render();
    assertEquals(2 * TrainingPlot.PANEL_HEIGHT, img.getHeight());
    ImageIO.write(img, "png", dir.resolve("csv.png").toFile());
  }

  @Test
  void metricsCsvWithoutStep_isRefusedNamingTheFile() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    try (MetricsCsv m = MetricsCsv.open(csv, List.of("epoch", "loss"))) {
      m.append(List.of(1, 0.5));
    }
    IOException e = assertThrows(IOException.class,
        () -> TrainingPlot.fromMetricsCsv(csv, "x"));
    assertEquals("metrics file " + csv + " has no column 'step', found [epoch, loss]",
        e.getMessage());
  }
}
