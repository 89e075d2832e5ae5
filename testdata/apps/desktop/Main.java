import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Draws text into an image, headless: java.desktop's natives, FreeType, fontconfig and a font must all be there. */
public class Main {
  public static void main(String[] args) {
    BufferedImage img = new BufferedImage(200, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
    g.drawString("hermit", 5, 25);
    int width = g.getFontMetrics().stringWidth("hermit");
    g.dispose();
    System.out.println("drew text " + (width > 0 ? "of some width" : "of no width") + " on " + System.getProperty("os.arch")
        + " with " + g.getFont().getFamily());
  }
}
