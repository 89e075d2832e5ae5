package probe;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A bundle that imports packages of java.xml and java.sql, which nothing on the app's class path uses: it resolves
 * only if the framework exports them, that is, if the runtime has those modules. It stops the framework when done.
 */
public class Activator implements BundleActivator {
  @Override
  public void start(BundleContext context) throws Exception {
    String v = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream("<a v='42'/>".getBytes("UTF-8"))).getDocumentElement().getAttribute("v");
    System.out.println("hello from an OSGi bundle: xml " + v + ", sql " + java.sql.Types.INTEGER);
    new Thread(() -> {
      try {
        context.getBundle(0).stop(); // the framework; Felix's launcher then exits
      } catch (Exception e) {
        e.printStackTrace();
      }
    }).start();
  }

  @Override
  public void stop(BundleContext context) {}
}
