import java.io.DataInputStream;
import java.io.FileInputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Scales in.png to fit 16x16 with Thumbnailator (ImageIO and Java2D) and prints the size read back from the PNG
 * header: this class names no java.awt type, so only the library tells that java.desktop is needed.
 */
public class Main {
  public static void main(String[] args) throws Exception {
    Thumbnails.of("in.png").size(16, 16).outputFormat("png").toFile("thumb.png");
    try (DataInputStream png = new DataInputStream(new FileInputStream("thumb.png"))) {
      png.skipBytes(16); // signature (8), IHDR length and type (8)
      System.out.println("thumbnail " + png.readInt() + "x" + png.readInt());
    }
  }
}
