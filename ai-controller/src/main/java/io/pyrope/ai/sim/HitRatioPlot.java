package io.pyrope.ai.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws hit ratio against cache size, one line per policy, as a PNG: java.awt in headless mode,
 * no plotting library. The x axis is logarithmic when sizes span more than a factor 4 (sweeps
 * usually double or quadruple), with one tick per simulated size; y runs 0–100%.
 */
public final class HitRatioPlot {
  /** Image size in pixels. */
  public static final int WIDTH = 900;
  public static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x444444), new Color(0x8c564b), new Color(0xe377c2)};

  private HitRatioPlot() {}

  /** Writes the plot of {@code report} to {@code file}. */
  public static void write(SimReport report, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      draw(g, report);
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer available in this JVM");
    }
  }

  private static void draw(Graphics2D g, SimReport report) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    int w = WIDTH - LEFT - RIGHT;
    int h = HEIGHT - TOP - BOTTOM;
    List<Long> sizes = report.sizes();
    long min = sizes.stream().mapToLong(Long::longValue).min().orElse(1);
    long max = sizes.stream().mapToLong(Long::longValue).max().orElse(1);
    boolean log = max > 4 * min;
    java.util.function.LongToIntFunction x = s -> {
      if (max == min) {
        return LEFT + w / 2;
      }
      double f = log ? Math.log((double) s / min) / Math.log((double) max / min) : (double) (s - min) / (max - min);
      return LEFT + (int) Math.round(f * w);
    };
    java.util.function.DoubleToIntFunction y = v -> TOP + h - (int) Math.round(v * h);

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString("Hit ratio against cache size", LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    // Grid and y ticks.
    for (int p = 0; p <= 100; p += 20) {
      int yy = y.applyAsInt(p / 100.0);
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(LEFT, yy, LEFT + w, yy);
      g.setColor(Color.BLACK);
      String label = p + "%";
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), yy + fm.getAscent() / 2 - 1);
    }
    // x ticks: one per size.
    for (long s : sizes) {
      int xx = x.applyAsInt(s);
      g.setColor(Color.BLACK);
      g.drawLine(xx, TOP + h, xx, TOP + h + 5);
      String label = Sizes.format(s);
      g.drawString(label, xx - fm.stringWidth(label) / 2, TOP + h + 20);
    }
    // Axes and their labels.
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, TOP, LEFT, TOP + h);
    g.drawLine(LEFT, TOP + h, LEFT + w, TOP + h);
    String xLabel = "cache size (bytes" + (log ? ", log scale" : "") + ")";
    g.drawString(xLabel, LEFT + (w - fm.stringWidth(xLabel)) / 2, HEIGHT - 20);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString("hit ratio", -(TOP + h / 2 + fm.stringWidth("hit ratio") / 2), 25);
    rotated.dispose();
    // One line per policy, and the legend.
    int legendY = TOP + 10;
    List<String> policies = report.policies();
    for (int k = 0; k < policies.size(); k++) {
      String p = policies.get(k);
      g.setColor(COLORS[k % COLORS.length]);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (long s : sizes) {
        RunResult r = report.find(p, s);
        if (r == null) {
          continue;
        }
        int xx = x.applyAsInt(s);
        int yy = y.applyAsInt(r.hitRatio());
        g.fillOval(xx - 4, yy - 4, 8, 8);
        if (px >= 0) {
          g.drawLine(px, py, xx, yy);
        }
        px = xx;
        py = yy;
      }
      int lx = LEFT + w + 20;
      g.drawLine(lx, legendY, lx + 24, legendY);
      g.fillOval(lx + 8, legendY - 4, 8, 8);
      g.setColor(Color.BLACK);
      g.drawString(p, lx + 32, legendY + fm.getAscent() / 2 - 1);
      legendY += 22;
    }
  }
}
