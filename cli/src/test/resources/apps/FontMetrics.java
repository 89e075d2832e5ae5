import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Prints the face and width each logical font gets, plain and bold. */
public class FontMetrics {
  public static void main(String[] args) {
    Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
    for (String family : new String[] {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED, Font.DIALOG, Font.DIALOG_INPUT}) {
      for (int style : new int[] {Font.PLAIN, Font.BOLD}) {
        Font f = new Font(family, style, 20);
        g.setFont(f);
        System.out.println(family + " " + style + " " + g.getFontMetrics().stringWidth("Hello World 0123"));
      }
    }
  }
}
