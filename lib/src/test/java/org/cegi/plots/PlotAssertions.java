package org.cegi.plots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Structural checks shared by the plot tests: the chart encodes to a PNG of its own size. */
final class PlotAssertions {
  private PlotAssertions() {}

  static void rendersAsPng(Chart<?, ?> chart) throws Exception {
    byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G', (byte) 0x0D, (byte) 0x0A,
        (byte) 0x1A, (byte) 0x0A);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(Plots.WIDTH);
    assertThat(img.getHeight()).isEqualTo(Plots.HEIGHT);
  }
}
