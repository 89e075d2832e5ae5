package dev.hermit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.InputException;
import dev.hermit.jdk.Jdk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module analysis over real class files compiled here, against the JDK running the test (its jmods): each case is a
 * way an app needs a module that a plain reference scan, or jdeps, does not show.
 */
class ModuleAnalyzerTest {
  @TempDir Path dir;

  @Test
  void reflectiveNamesServicesLocalesAndCharsetsBringTheirModules() throws IOException {
    Path jar = jar("app.jar", Map.of(
        "a/Main.java", """
            package a;
            public class Main {
              public static void main(String[] args) throws Exception {
                Class.forName("java.sql.DriverManager");          // java.sql, by name only
                System.out.println(java.util.Locale.GERMAN);       // jdk.localedata
                System.out.println(new String(new byte[0], "ISO-2022-CN")); // jdk.charsets
              }
            }"""),
        Map.of("META-INF/services/javax.annotation.processing.Processor", "a.Processor\n"));
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("java.base", "java.sql", "java.compiler", "jdk.localedata",
        "jdk.charsets")), d.modules().toString());
    assertFalse(d.modules().contains("java.desktop"), d.modules().toString());
    assertReason(d, "java.sql", "names the class java.sql.DriverManager");
    assertReason(d, "java.compiler", "provides the JDK service javax.annotation.processing.Processor");
    assertReason(d, "jdk.localedata", "the app formats for a non-English locale (Locale.GERMAN, in a.Main (app.jar))");
    assertReason(d, "jdk.charsets", "ISO-2022-CN");
  }

  /**
   * JNA's AWT bridges (Native.getComponentID(Component), Native$AWT) are no sign of java.desktop: only an app that
   * hands them a Component reaches them, and that app names java.awt itself. (A stand-in for JNA's classes, with the
   * same names and the same kind of references.)
   */
  @Test
  void jnasAwtBridgesBringJavaDesktopOnlyWhenTheAppUsesAwt() throws IOException {
    String jna = """
        package com.sun.jna;
        public class Native {
          public static int load(String name) { return name.length(); }
          public static long getComponentID(java.awt.Component c) throws java.awt.HeadlessException {
            return AWT.id(c);
          }
          static class AWT {
            static long id(Object c) {
              return java.awt.GraphicsEnvironment.isHeadless() ? 0 : ((java.awt.Component) c).getWidth();
            }
          }
        }""";
    Path plain = jar("plain.jar", Map.of("com/sun/jna/Native.java", jna, "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println(com.sun.jna.Native.load("c"));
          }
        }"""), Map.of());
    assertFalse(decide(plain).modules().contains("java.desktop"), decide(plain).modules().toString());

    Path awt = jar("awt.jar", Map.of("com/sun/jna/Native.java", jna, "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println(com.sun.jna.Native.getComponentID(new java.awt.Canvas()));
          }
        }"""), Map.of());
    ModuleDecision d = decide(awt);
    assertTrue(d.modules().contains("java.desktop"), d.modules().toString());
    assertReason(d, "java.desktop", "a.Main (awt.jar) refers to java.awt.");
  }

  /**
   * Jackson's optional support for java.beans' @ConstructorProperties (JavaBeansAnnotationsImpl, loaded by name, done
   * without when java.beans is absent) brings no java.desktop; a class that carries the annotation does. (Stand-ins
   * with Jackson's names.)
   */
  @Test
  void jacksonsJavaBeansSupportBringsJavaDesktopOnlyWhenTheAppUsesTheAnnotations() throws IOException {
    String impl = """
        package com.fasterxml.jackson.databind.ext.beans;
        public class JavaBeansAnnotationsImpl {
          public boolean creator(java.lang.reflect.Constructor<?> c) {
            return c.getAnnotation(java.beans.ConstructorProperties.class) != null;
          }
        }""";
    Path plain = jar("jackson.jar", Map.of("com/fasterxml/jackson/databind/ext/beans/JavaBeansAnnotationsImpl.java",
        impl, "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            Class.forName("com.fasterxml.jackson.databind.ext.beans.JavaBeansAnnotationsImpl");
          }
        }"""), Map.of());
    assertFalse(decide(plain).modules().contains("java.desktop"), decide(plain).modules().toString());

    Path annotated = jar("annotated.jar", Map.of("com/fasterxml/jackson/databind/ext/beans/JavaBeansAnnotationsImpl.java",
        impl, "a/Point.java", """
        package a;
        public class Point {
          final int x;
          @java.beans.ConstructorProperties({"x"})
          public Point(int x) { this.x = x; }
        }"""), Map.of());
    ModuleDecision d = decide(annotated);
    assertTrue(d.modules().contains("java.desktop"), d.modules().toString());
    assertReason(d, "java.desktop", "a.Point (annotated.jar) refers to java.beans.ConstructorProperties");
  }

  /** A locale parsed from a tag at run time needs the locale data as much as Locale.GERMAN; Locale.US does not. */
  @Test
  void aLocaleChosenByTagAtRunTimeBringsTheLocaleData() throws IOException {
    Path byTag = jar("tag.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println(String.format(java.util.Locale.forLanguageTag(args[0]), "%,d", 1234567));
          }
        }"""), Map.of());
    ModuleDecision d = decide(byTag);
    assertTrue(d.modules().contains("jdk.localedata"), d.modules().toString());
    assertReason(d, "jdk.localedata", "picks locales by tag at run time (Locale.forLanguageTag, in a.Main (tag.jar))");

    Path english = jar("english.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println(String.format(java.util.Locale.US, "%,d", 1234567));
          }
        }"""), Map.of());
    assertFalse(decide(english).modules().contains("jdk.localedata"), decide(english).modules().toString());
    // the same locale from an option baked in: -Duser.language=de, not -Duser.language=en
    assertTrue(decide(english, null, List.of("-Duser.language=de")).modules().contains("jdk.localedata"));
    assertTrue(decide(english, null, List.of("-Duser.country=GB")).modules().contains("jdk.localedata"));
    assertFalse(decide(english, null, List.of("-Duser.language=en", "-Duser.country=US")).modules()
        .contains("jdk.localedata"));
    assertReason(decide(english, null, List.of("-Duser.language.format=de")), "jdk.localedata",
        "the JVM option -Duser.language.format=de sets a locale whose data java.base lacks");
  }

  /**
   * An Accept-Language header matched with the JDK's own API (Locale.lookup over LanguageRange.parse): matched
   * against java.base's available locales, English and root, every header chose English. A FreeMarker template
   * sets its own locale (<#setting locale="de_DE">), from the string.
   */
  @Test
  void acceptLanguageMatchingAndTemplatesThatSetTheirLocaleBringTheLocaleData() throws IOException {
    Path lookup = jar("lookup.jar", Map.of("a/Main.java", """
        package a;
        import java.util.*;
        public class Main {
          public static void main(String[] args) {
            System.out.println(Locale.lookup(Locale.LanguageRange.parse(args[0]),
                Arrays.asList(Locale.getAvailableLocales())));
          }
        }"""), Map.of());
    ModuleDecision d = decide(lookup);
    assertTrue(d.modules().contains("jdk.localedata"), d.modules().toString());
    assertReason(d, "jdk.localedata", "picks locales by tag at run time (");
    ModuleDecision freemarker = decideWithStandIn("freemarker/template/Configuration");
    assertTrue(freemarker.modules().contains("jdk.localedata"), freemarker.modules().toString());
    assertReason(freemarker, "jdk.localedata", "renders FreeMarker templates");
  }

  /**
   * An XSLT stylesheet's xsl:sort lang="sv" collates with Swedish rules from jdk.localedata (without it, English
   * order, silently): compiling a stylesheet brings the locale data; the identity copy (newTransformer()) does not.
   */
  @Test
  void aStylesheetBringsTheLocaleDataAndTheIdentityCopyDoesNot() throws IOException {
    Path xslt = jar("xslt.jar", Map.of("a/Main.java", """
        package a;
        import javax.xml.transform.*;
        import javax.xml.transform.stream.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            TransformerFactory.newInstance().newTransformer(new StreamSource(args[0]))
                .transform(new StreamSource(args[1]), new StreamResult(System.out));
          }
        }"""), Map.of());
    ModuleDecision d = decide(xslt);
    assertTrue(d.modules().contains("jdk.localedata"), d.modules().toString());
    assertReason(d, "jdk.localedata", "runs XSLT stylesheets (TransformerFactory.newTransformer, in a.Main (xslt.jar)), whose xsl:sort");

    Path templates = jar("templates.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            javax.xml.transform.sax.SAXTransformerFactory f =
                (javax.xml.transform.sax.SAXTransformerFactory) javax.xml.transform.TransformerFactory.newInstance();
            System.out.println(f.newTemplatesHandler());
          }
        }"""), Map.of());
    assertReason(decide(templates), "jdk.localedata", "runs XSLT stylesheets (SAXTransformerFactory.newTemplatesHandler, in a.Main (templates.jar))");
    // Saxon's command lines (net.sf.saxon.Transform, Query) compile through its s9api, not JAXP: sorted with
    // collation UCA?lang=sv, "Äpfel,apple,öl,zebra" where java gives "apple,zebra,Äpfel,öl"
    for (String compiler : List.of("net/sf/saxon/s9api/XsltCompiler", "net/sf/saxon/s9api/XQueryCompiler")) {
      ModuleDecision saxon = decideWithStandIn(compiler);
      assertTrue(saxon.modules().contains("jdk.localedata"), compiler + ": " + saxon.modules());
      assertReason(saxon, "jdk.localedata", "compiles XSLT or XQuery with Saxon (" + compiler.replace('/', '.'));
    }

    Path identity = jar("identity.jar", Map.of("a/Main.java", """
        package a;
        import javax.xml.transform.*;
        import javax.xml.transform.stream.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            TransformerFactory.newInstance().newTransformer()
                .transform(new StreamSource(args[0]), new StreamResult(System.out));
          }
        }"""), Map.of());
    ModuleDecision copy = decide(identity);
    assertTrue(copy.modules().contains("java.xml"), copy.modules().toString());
    assertFalse(copy.modules().contains("jdk.localedata"), copy.reasons().toString());
  }

  /**
   * JMX's standard remote address (service:jmx:rmi:///jndi/rmi://...) is looked up through JNDI's rmi: URL context,
   * which is jdk.naming.rmi's: a JMX client gets it (its address may come from the command line), as does a JNDI
   * lookup of an rmi: name; JMX inside the process does not.
   */
  @Test
  void jmxRemoteAndRmiNamesBringTheRmiNamingProvider() throws IOException {
    Path client = jar("client.jar", Map.of("a/Main.java", """
        package a;
        import javax.management.remote.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(JMXConnectorFactory.connect(new JMXServiceURL(args[0])).getConnectionId());
          }
        }"""), Map.of());
    assertReason(decide(client), "jdk.naming.rmi", "the app connects or serves JMX remotely");

    Path lookup = jar("lookup.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(new javax.naming.InitialContext().lookup("rmi://" + args[0] + "/service"));
          }
        }"""), Map.of());
    assertReason(decide(lookup), "jdk.naming.rmi", "the app looks up rmi: names through JNDI");

    Path local = jar("local.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(java.lang.management.ManagementFactory.getPlatformMBeanServer().getMBeanCount());
            System.out.println(new javax.naming.InitialContext().lookup("ldap://" + args[0]));
          }
        }"""), Map.of());
    ModuleDecision d = decide(local);
    assertFalse(d.modules().contains("jdk.naming.rmi"), d.reasons().toString());
  }

  /**
   * A JMX bridge (Jolokia, the Prometheus JMX exporter) serves every MBean the platform server holds, as it finds
   * them by query: under a JDK the flight recorder's are among them (jdk.management.jfr). An app that only reads
   * its own MBean does not get it.
   */
  @Test
  void aJmxBridgeGetsTheFlightRecordersMBean() throws IOException {
    Path bridge = jar("bridge.jar", Map.of("a/Main.java", """
        package a;
        import javax.management.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            MBeanServer s = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (ObjectName n : s.queryNames(new ObjectName(args[0]), null)) System.out.println(n);
          }
        }"""), Map.of());
    assertReason(decide(bridge), "jdk.management.jfr", "the app queries the platform MBean server");

    Path own = jar("own.jar", Map.of("a/Main.java", """
        package a;
        import javax.management.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            MBeanServer s = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            System.out.println(s.getAttribute(new ObjectName("java.lang:type=Runtime"), "Uptime"));
          }
        }"""), Map.of());
    ModuleDecision d = decide(own);
    assertTrue(d.modules().contains("jdk.management"), d.modules().toString());
    assertFalse(d.modules().contains("jdk.management.jfr"), d.reasons().toString());
    assertFalse(d.modules().contains("jdk.jfr"), d.reasons().toString());
    // the bridge serves the DiagnosticCommand MBean too, whole only with the flight recorder's module
    assertReason(decide(bridge), "jdk.jfr", "the app queries the platform MBean server, whose DiagnosticCommand");
  }

  /** JMH's -prof jfr runs java.home's bin/jcmd in each fork: its benchmarks get jdk.jcmd and jdk.jfr. */
  @Test
  void jmhBenchmarksGetJcmdForTheirFlightRecorderProfiler() throws IOException {
    Map<String, String> jmh = Map.of("org/openjdk/jmh/profile/JavaFlightRecorderProfiler.java", """
        package org.openjdk.jmh.profile;
        public class JavaFlightRecorderProfiler {}""", "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) { System.out.println(args.length); }
        }""");
    ModuleDecision d = decide(jar("benchmarks.jar", jmh, Map.of()));
    assertReason(d, "jdk.jcmd", "the app is JMH benchmarks, whose -prof jfr");
    assertReason(d, "jdk.jfr", "the app is JMH benchmarks, whose -prof jfr");
  }

  /**
   * The DiagnosticCommand MBean (jcmd's commands over JMX) holds one operation, jfrConfigure, in a runtime without
   * jdk.jfr (as under java --limit-modules): an app calling its threadPrint got "NoSuchMethodException". By its
   * ObjectName, or by its interface.
   */
  @Test
  void theDiagnosticCommandMBeanBringsTheFlightRecordersModule() throws IOException {
    Path byName = jar("dump.jar", Map.of("a/Main.java", """
        package a;
        import javax.management.*;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
          }
        }"""), Map.of());
    assertReason(decide(byName), "jdk.jfr", "the app calls the DiagnosticCommand MBean "
        + "(\"com.sun.management:type=DiagnosticCommand\")");
    Path byType = jar("type.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("MaxHeapSize"));
            Class<?> c = com.sun.management.DiagnosticCommandMBean.class;
            System.out.println(c);
          }
        }"""), Map.of());
    assertReason(decide(byType), "jdk.jfr", "the app calls the DiagnosticCommand MBean "
        + "(com.sun.management.DiagnosticCommandMBean)");
  }

  /**
   * Whether the app uses TLS comes from its classes, not from the modules it got: an app given java.se for the code
   * it compiles at run time (which brings java.net.http) does not use TLS for that (the trust-store check asks).
   */
  @Test
  void tlsUseIsTheAppsNotItsModules() throws IOException {
    Path client = jar("tls.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(javax.net.ssl.SSLContext.getDefault().getProtocol());
          }
        }"""), Map.of());
    assertTrue(decide(client).usesTls());
    Path compiler = jar("javac.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println(javax.tools.ToolProvider.getSystemJavaCompiler());
          }
        }"""), Map.of());
    ModuleDecision d = decide(compiler);
    assertTrue(d.modules().contains("java.net.http"), d.modules().toString());
    assertFalse(d.usesTls(), d.reasons().toString());
  }

  /**
   * An incubator module the classes name (Lucene 10's vector code names jdk.incubator.vector) is resolved only when
   * asked for: linked because the classes named it, it was never readable, as under java without the option. It is
   * left out, with a warning naming the option; asked for with -J--add-modules, it is linked and no warning is given.
   */
  @Test
  void anIncubatorModuleIsLeftOutUnlessTheRunAsksForIt() throws IOException {
    Path jar = jar("vec.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(Class.forName("jdk.incubator.vector.IntVector"));
          }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertFalse(d.modules().contains("jdk.incubator.vector"), d.modules().toString());
    assertEquals(1, d.warnings().size(), d.warnings().toString());
    assertTrue(d.warnings().get(0).startsWith("the app's classes refer to jdk.incubator.vector (a.Main (vec.jar) "
        + "names the class jdk.incubator.vector.IntVector"), d.warnings().get(0));
    assertTrue(d.warnings().get(0).endsWith("an incubator module, which java resolves only when asked: left out. To "
        + "use it, give -J--add-modules=jdk.incubator.vector (the output then prints java's warning about incubator "
        + "modules at its start, as java does)"), d.warnings().get(0));

    ModuleDecision asked = decide(jar, null, List.of("--add-modules=jdk.incubator.vector"));
    assertTrue(asked.modules().contains("jdk.incubator.vector"), asked.modules().toString());
    assertEquals(List.of(), asked.warnings());

    // a compiler gets the whole JDK, incubators too (code it compiles may ask for them), without the warning,
    // which its classes gave no reason for (CXF's use of javax.tools printed it)
    ModuleDecision compiler = decide(jar("javac.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println(javax.tools.ToolProvider.getSystemJavaCompiler());
          }
        }"""), Map.of()));
    assertTrue(compiler.modules().contains("jdk.incubator.vector"), compiler.modules().toString());
    assertEquals(List.of(), compiler.warnings());

    // a script engine gets every jdk.* module, incubators too: linked then, but still not resolved unless asked,
    // and the warning says so rather than "left out" (ArcadeDB's polyglot engine beside Lucene's vector code)
    ModuleDecision engine = decide(jar("engine.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(Class.forName("jdk.incubator.vector.IntVector"));
          }
        }"""), Map.of("META-INF/services/javax.script.ScriptEngineFactory", "a.Engine\n")));
    assertTrue(engine.modules().contains("jdk.incubator.vector"), engine.modules().toString());
    assertEquals(1, engine.warnings().size(), engine.warnings().toString());
    assertTrue(engine.warnings().get(0).contains("an incubator module, which java resolves only when asked: linked ("
        + "the app compiles or runs code at run time"), engine.warnings().get(0));
    assertTrue(engine.warnings().get(0).contains("), but not resolved. To use it, give -J--add-modules="
        + "jdk.incubator.vector"), engine.warnings().get(0));
  }

  /**
   * A modular app that reaches a JDK module only by a name built at run time, but requires it in its module-info
   * (requires jdk.httpserver): the declaration says what it needs. Linked with java.base alone it failed
   * (ClassNotFoundException), where java -jar and java -p both load the class.
   */
  @Test
  void aModuleDeclarationsRequiresBringTheJdkModulesItNames() throws IOException {
    Path src = Files.createTempDirectory(dir, "modsrc");
    Path out = Files.createTempDirectory(dir, "modclasses");
    Files.createDirectories(src.resolve("a"));
    Files.writeString(src.resolve("module-info.java"),
        "module app { requires jdk.httpserver; requires java.logging; requires static java.desktop; }");
    Files.writeString(src.resolve("a/Main.java"), """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(Class.forName(String.join(".", "com", "sun", "net", "httpserver", "HttpServer")));
          }
        }""");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
        src.resolve("module-info.java").toString(), src.resolve("a/Main.java").toString()));
    Path jar = dir.resolve("modular.jar");
    writeJar(jar, out, Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("jdk.httpserver", "java.logging")), d.modules().toString());
    assertReason(d, "jdk.httpserver", "modular.jar!/module-info.class requires it");
    // "requires static" is for compiling: java resolves it only when another module needs it (an annotations
    // jar's java.desktop brought the AWT libraries and fonts into a 20 MB MQTT client)
    assertFalse(d.modules().contains("java.desktop"), d.modules().toString());
  }

  /**
   * A service gets the flight recorder, so that jcmd PID JFR.start works in it; a client does not. The reason names
   * the class that opens the socket, not one before it that only names the type (commons-io's closeQuietly).
   */
  @Test
  void aServiceGetsTheFlightRecorder() throws IOException {
    Path server = jar("server.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            try (var s = new java.net.ServerSocket(0)) { System.out.println(s.getLocalPort()); }
          }
        }""", "a/Closer.java", """
        package a;
        class Closer {
          static void close(java.net.ServerSocket s) throws java.io.IOException { s.close(); }
        }"""), Map.of());
    assertReason(decide(server), "jdk.jfr", "the app listens on a socket (a service: a.Main (server.jar) calls new ServerSocket)");
    Path client = jar("client.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            try (var s = new java.net.Socket(args[0], 80)) { System.out.println(s.isConnected()); }
          }
        }"""), Map.of());
    assertFalse(decide(client).modules().contains("jdk.jfr"));
  }

  /**
   * A service that uses JMX gets the JMX agent, so that remote JMX turned on where it runs (JAVA_TOOL_OPTIONS with
   * -Dcom.sun.management.jmxremote.port) opens the port rather than stopping the JVM at its start; a service
   * without JMX, and a JMX client that serves nothing, do not.
   */
  @Test
  void aServiceUsingJmxGetsTheJmxAgent() throws IOException {
    Path service = jar("jmxservice.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            try (var s = new java.net.ServerSocket(0)) { System.out.println(s.getLocalPort()); }
          }
        }"""), Map.of());
    assertReason(decide(service), "jdk.management.agent", "the app is a service (it listens on a socket: a.Main (jmxservice.jar) calls new ServerSocket) that uses JMX");
    // and Mission Control on that remote JMX finds the FlightRecorder MBean (its domain was missing)
    assertReason(decide(service), "jdk.management.jfr", "the app is a service that uses JMX");
    Path plain = jar("plainservice.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            try (var s = new java.net.ServerSocket(0)) { System.out.println(s.getLocalPort()); }
          }
        }"""), Map.of());
    assertFalse(decide(plain).modules().contains("jdk.management.agent"));
    Path tool = jar("jmxtool.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
          }
        }"""), Map.of());
    assertFalse(decide(tool).modules().contains("jdk.management.agent"));
    assertFalse(decide(tool).modules().contains("jdk.management.jfr"));
  }

  /** PKCS#11 and SASL's Kerberos mechanism are providers found by name: the names bring their modules. */
  @Test
  void pkcs11AndSaslKerberosByNameBringTheirProviders() throws IOException {
    Path pkcs11 = jar("pkcs11.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(java.security.Security.getProvider("SunPKCS11").configure(args[0]));
          }
        }"""), Map.of());
    assertReason(decide(pkcs11), "jdk.crypto.cryptoki", "names the PKCS#11 provider or key store");

    Path sasl = jar("sasl.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(javax.security.sasl.Sasl.createSaslClient(new String[] {"GSSAPI"}, null, "ldap",
                args[0], java.util.Map.of(), null));
          }
        }"""), Map.of());
    assertReason(decide(sasl), "jdk.security.jgss", "names the GSSAPI (Kerberos) mechanism of SASL");

    Path neither = jar("neither.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(javax.security.sasl.Sasl.createSaslClient(new String[] {"DIGEST-MD5"}, null, "ldap",
                args[0], java.util.Map.of(), null) + " GSSAPI is not used here " + java.security.Security.getProviders().length);
          }
        }"""), Map.of());
    ModuleDecision d = decide(neither);
    assertFalse(d.modules().contains("jdk.crypto.cryptoki"), d.reasons().toString());
    assertFalse(d.modules().contains("jdk.security.jgss"), d.reasons().toString());
  }

  /**
   * TLS and elliptic-curve keys reached without javax.net.ssl or an algorithm's name: an https URL given at run time
   * (failed at the handshake against a server offering only EC groups), an ldaps:// directory, a key store holding EC
   * keys (a JAAS KeyStoreLoginModule: "EC KeyFactory not available"), a document, stylesheet or image the JDK fetches
   * from the URL it is given (DocumentBuilder.parse("https://..."): handshake_failure). Java 17's SunEC is
   * jdk.crypto.ec.
   */
  @Test
  void urlsDirectoriesAndKeyStoresBringTheEllipticCurveProvider() throws IOException {
    Map<String, String> uses = Map.of(
        "URL.openStream", "new java.net.URL(args[0]).openStream().readAllBytes().length",
        "URL.openConnection", "new java.net.URL(args[0]).openConnection().getContentLength()",
        "JNDI", "new javax.naming.directory.InitialDirContext(new java.util.Hashtable<>()).getAttributes(args[0])",
        "KeyStore", "java.security.KeyStore.getInstance(new java.io.File(args[0]), args[1].toCharArray()).size()",
        "XML", "javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(args[0])",
        "XSLT", "javax.xml.transform.TransformerFactory.newInstance().newTransformer()",
        "ImageIO", "javax.imageio.ImageIO.read(new java.net.URL(args[0]))");
    Map<String, String> reasons = Map.of("URL.openStream", "opens URLs", "URL.openConnection", "opens URLs",
        "JNDI", "directories through JNDI", "KeyStore", "loads key stores", "XML", "fetches itself from the URLs",
        "XSLT", "fetches itself from the URLs", "ImageIO", "fetches itself from the URLs");
    for (Map.Entry<String, String> use : uses.entrySet()) {
      Path jar = jar("ec.jar", Map.of("a/Main.java", """
          package a;
          public class Main {
            public static void main(String[] args) throws Exception { System.out.println(%s); }
          }""".formatted(use.getValue())), Map.of());
      ModuleDecision d = decide(jar);
      assertReason(d, "jdk.crypto.ec", reasons.get(use.getKey()));
      assertFalse(d.usesTls() && use.getKey().startsWith("URL"), "a URL may be a resource's: no trust-store check");
    }
    Path file = jar("file.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            System.out.println(new java.net.URL(args[0]).getHost() + java.nio.file.Files.size(java.nio.file.Path.of(args[0])));
          }
        }"""), Map.of());
    assertEquals(Set.of("java.base"), decide(file).modules(), "a URL only parsed opens nothing");
  }

  /**
   * Documents that name their own encoding: an XML parser given windows-1256 or Shift_JIS by the document's
   * declaration ("UnsupportedEncodingException: Cp1256" where java parses it), a mail's MIME charset. Writing XML
   * names no encoding of the document's.
   */
  @Test
  void xmlParsingAndMailBringTheExtendedCharsets() throws IOException {
    Map<String, String> uses = Map.of(
        "DOM", "javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(args[0])",
        "StAX", "javax.xml.stream.XMLInputFactory.newInstance().createXMLStreamReader(System.in)",
        "SAX", "javax.xml.parsers.SAXParserFactory.newInstance().newSAXParser().getXMLReader()");
    for (Map.Entry<String, String> use : uses.entrySet()) {
      ModuleDecision d = decide(jar("xml.jar", Map.of("a/Main.java", """
          package a;
          public class Main {
            public static void main(String[] args) throws Exception { System.out.println(%s); }
          }""".formatted(use.getValue())), Map.of()));
      assertReason(d, "jdk.charsets", "documents name their own encoding");
    }
    ModuleDecision writer = decide(jar("writer.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            javax.xml.stream.XMLOutputFactory.newInstance().createXMLStreamWriter(System.out).writeStartDocument();
          }
        }"""), Map.of()));
    assertFalse(writer.modules().contains("jdk.charsets"), writer.reasons().toString());
  }

  /** A jar carried inside the app's jar and loaded by its own class loader (Flink's rpc loader, JRuby's stdlib). */
  @Test
  void aJarNestedAnywhereInTheAppIsReadToo() throws IOException {
    ModuleDecision d = decide(outerJarLoading(Map.of("plugins/inner.jar", sqlPlugin())));
    assertTrue(d.modules().contains("java.sql"), d.modules() + " " + d.reasons());
    assertReason(d, "java.sql", "b.Plugin (1-inner.jar) refers to java.sql.");
    assertTrue(d.reasons().contains("outer.jar carries 1 other jars that its own class loaders may load: they are "
        + "analyzed too"), d.reasons().toString());
  }

  /** openapi-generator-cli carries an empty gradle-wrapper.jar as a template: a *.jar that is no zip is no jar. */
  @Test
  void aResourceOnlyNamedJarIsNotReadAsOne() throws IOException {
    Path empty = Files.createFile(dir.resolve("gradle-wrapper.jar"));
    Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip\n");
    ModuleDecision d = decide(outerJarLoading(Map.of("templates/gradle/gradle-wrapper.jar", empty,
        "templates/notes.jar", text, "plugins/inner.jar", sqlPlugin())));
    assertTrue(d.modules().contains("java.sql"), "the real nested jar is still read: " + d.modules());
    assertTrue(d.reasons().contains("outer.jar carries 1 other jars that its own class loaders may load: they are "
        + "analyzed too"), d.reasons().toString());
  }

  /** A jar whose one class uses java.sql. */
  private Path sqlPlugin() throws IOException {
    return jar("inner.jar", Map.of("b/Plugin.java", """
        package b;
        public class Plugin {
          public static Object open() throws Exception { return java.sql.DriverManager.getConnection("jdbc:x:"); }
        }"""), Map.of());
  }

  /** outer.jar, carrying {@code nested} (entry name to file), whose main class loads b.Plugin from plugins/inner.jar. */
  private Path outerJarLoading(Map<String, Path> nested) throws IOException {
    Path outer = dir.resolve("outer.jar");
    writeJar(outer, compile(Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) throws Exception {
            java.net.URL u = Main.class.getResource("/plugins/inner.jar");
            System.out.println(new java.net.URLClassLoader(new java.net.URL[] {u}).loadClass("b.Plugin"));
          }
        }""")), Map.of(), nested, "");
    return outer;
  }

  /** The issue's case: jdeps answers java.base alone for a jar carrying a bundled dependency's module-info.class. */
  @Test
  void aBundledModuleInfoDoesNotHideWhatTheClassesUse() throws IOException {
    Path classes = compile(Map.of(
        "a/Main.java", """
            package a;
            public class Main {
              public static void main(String[] args) {
                try { throw new java.awt.HeadlessException(); } catch (RuntimeException e) { System.out.println(e); }
              }
            }"""));
    Path moduleInfo = compile(Map.of("module-info.java", "module bundled.dep { }")).resolve("module-info.class");
    Path jar = dir.resolve("fat.jar");
    writeJar(jar, classes, Map.of(), Map.of("module-info.class", moduleInfo), "");
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("java.desktop"), d.modules() + " " + d.reasons());
    assertReason(d, "java.desktop", "refers to java.awt.HeadlessException");
  }

  @Test
  void everyMultiReleaseVersionIsRead() throws IOException {
    Path base = compile(Map.of("a/Main.java", "package a; public class Main { public static void main(String[] a) {} }"));
    Path v11 = compile(Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(java.net.http.HttpClient.newHttpClient()); }
        }"""));
    Path jar = dir.resolve("mr.jar");
    Map<String, Path> extra = new LinkedHashMap<>();
    extra.put("META-INF/versions/11/a/Main.class", v11.resolve("a/Main.class"));
    writeJar(jar, base, Map.of(), extra, "Multi-Release: true\n");
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("java.net.http"), d.modules().toString());
    assertTrue(d.modules().contains("jdk.crypto.ec"), "an HTTP client speaks TLS: " + d.modules());
  }

  /** One package name in a string counts; a class holding a table of them (Groovy's Java9) does not. */
  @Test
  void aTableOfPackageNamesIsNotEvidence() throws IOException {
    Path jar = jar("table.jar", Map.of(
        "a/Main.java", """
            package a;
            public class Main {
              public static void main(String[] a) { String p = "com.sun.net.httpserver"; System.out.println(p + Table.PACKAGES.length); }
            }""",
        "a/Table.java", """
            package a;
            class Table {
              static final String[] PACKAGES = {"java.sql", "javax.naming", "java.rmi", "javax.smartcardio",
                  "java.util.prefs", "javax.script"};
            }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("jdk.httpserver"), d.modules().toString());
    for (String m : List.of("java.sql", "java.naming", "java.rmi", "java.smartcardio", "java.prefs", "java.scripting")) {
      assertFalse(d.modules().contains(m), m + " came from a table: " + d.reasons());
    }
  }

  /** javac run by the app reads its class path's jars through jdk.zipfs: without it, "No file system provider". */
  @Test
  void theSystemCompilerBringsTheZipFileSystem() throws IOException {
    Path jar = jar("compiles.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(javax.tools.ToolProvider.getSystemJavaCompiler()); }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("java.compiler", "jdk.compiler", "jdk.zipfs", "java.se")), d.modules().toString());
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("jdk.zipfs") && r.contains("javac")), d.reasons().toString());
  }

  /**
   * java.util.spi.ToolProvider finds the JDK's tools by name: a build tool that makes a jar with {@code jar} and
   * compiles with {@code javac} gets their modules (and javac what it needs to compile), and nothing for a name that
   * is no tool.
   */
  @Test
  void toolsFoundByNameBringTheirModules() throws IOException {
    Path jar = jar("tools.jar", Map.of("a/Main.java", """
        package a;
        import java.util.spi.ToolProvider;
        public class Main {
          public static void main(String[] a) {
            System.out.println(ToolProvider.findFirst("jar").orElseThrow().run(System.out, System.err, "--version"));
            System.out.println(ToolProvider.findFirst("ls"));
          }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("jdk.jartool"), d.modules().toString());
    assertFalse(d.modules().contains("jdk.jdeps") || d.modules().contains("jdk.jlink")
        || d.modules().contains("jdk.compiler"), d.modules().toString());
    assertReason(d, "jdk.jartool", "jar tool by name");
    // javac by name: what it compiles may use any module of the JDK, and it reads jars through jdk.zipfs
    Path javac = jar("javac-by-name.jar", Map.of("a/Main.java", """
        package a;
        import java.util.spi.ToolProvider;
        public class Main {
          public static void main(String[] a) { System.out.println(ToolProvider.findFirst("javac").isPresent()); }
        }"""), Map.of());
    ModuleDecision c = decide(javac);
    assertTrue(c.modules().containsAll(Set.of("jdk.compiler", "jdk.zipfs", "java.se", "jdk.httpserver")),
        c.modules().toString());
    assertReason(c, "jdk.compiler", "javac tool by name");
    assertReason(c, "jdk.zipfs", "the app runs javac");

    Path plain = jar("plain.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println("jar".equals(a[0]) ? "javap" : "javac"); }
        }"""), Map.of());
    ModuleDecision p = decide(plain);
    assertFalse(p.modules().contains("jdk.jartool") || p.modules().contains("jdk.compiler"), p.modules().toString());
  }

  /**
   * JShell compiles its snippets with javac, against its class path (read through jdk.zipfs) and any Java SE API (a
   * snippet naming java.sql): the JShell API brings java.se and jdk.zipfs, though jdk.compiler comes in only with
   * jlink's closure of jdk.jshell.
   */
  @Test
  void jshellGetsJavaSeAndTheZipFileSystem() throws IOException {
    Path jar = jar("jshell.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(jdk.jshell.JShell.create().eval("6*7")); }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("jdk.jshell", "java.se", "java.sql", "jdk.zipfs")), d.modules().toString());
    assertReason(d, "java.se", "JShell");
    assertReason(d, "jdk.zipfs", "through JShell");
    // javac compiles its snippets: a snippet naming com.sun.net.httpserver was REJECTED in a runtime of Java SE
    assertTrue(d.modules().containsAll(Set.of("jdk.httpserver", "jdk.net", "jdk.compiler")), d.modules().toString());
    assertReason(d, "jdk.httpserver", "which may use any module of the JDK");
  }

  /** JAAS finds its login modules by the class names in a configuration file, which no class of the app shows. */
  @Test
  void aJaasLoginBringsTheJdksLoginModules() throws IOException {
    Path jar = jar("jaas.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception { new javax.security.auth.login.LoginContext("Unix").login(); }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("jdk.security.auth"), d.modules().toString());
    assertReason(d, "jdk.security.auth", "JAAS");
    // KeyStoreLoginModule over a key store with an EC key: "EC KeyFactory not available" without SunEC
    assertReason(d, "jdk.crypto.ec", "JAAS's KeyStoreLoginModule may");
  }

  /**
   * HttpURLConnection's Negotiate (Kerberos) login, which java.base loads from java.security.jgss by name and which
   * logs in through jdk.security.auth's Krb5LoginModule: a 401 where java got 200. Kerberos settings among the JVM
   * options say the app authenticates so; GSS-API in the classes does too.
   */
  @Test
  void kerberosSettingsOrGssApiBringTheJdksKerberosLogin() throws IOException {
    Path http = jar("http.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(a[0]).openConnection();
            System.out.println(c.getResponseCode());
          }
        }"""), Map.of());
    assertFalse(decide(http).modules().contains("jdk.security.auth"), "plain HTTP: " + decide(http).modules());
    for (String option : List.of("-Djava.security.krb5.conf=${HERMIT_ROOT}/app/krb5.conf",
        "-Djavax.security.auth.useSubjectCredsOnly=false")) {
      ModuleDecision d = decide(http, null, List.of(option));
      assertTrue(d.modules().contains("jdk.security.auth"), option + ": " + d.modules()); // (it requires jgss)
      assertReason(d, "jdk.security.auth", "Kerberos logs in through the JDK's Krb5LoginModule");
    }
    // a property's name is no word of the app's: -Dsun.java2d.opengl=false named the package sun.java2d.opengl and
    // brought java.desktop (12 MB) to a hello
    assertFalse(decide(http, null, List.of("-Dsun.java2d.opengl=false", "-Djava.util.prefs.PreferencesFactory=x"))
        .modules().stream().anyMatch(m -> m.equals("java.desktop") || m.equals("java.prefs")));
    Path gss = jar("gss.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception {
            System.out.println(org.ietf.jgss.GSSManager.getInstance().createName(a[0], null));
          }
        }"""), Map.of());
    ModuleDecision d = decide(gss);
    assertTrue(d.modules().contains("jdk.security.auth"), d.modules().toString());
    assertReason(d, "jdk.security.auth", "GSS-API");
  }

  /**
   * A CRL at an ldap:// distribution point is fetched through the LDAP CertStore, in java.naming, which java.base
   * finds by name: without it a SOFT_FAIL revocation checker accepted a revoked certificate that java rejects.
   */
  @Test
  void revocationChecksGetTheLdapCertStore() throws IOException {
    Path plain = jar("plain.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception {
            System.out.println(java.security.cert.CertificateFactory.getInstance("X.509"));
          }
        }"""), Map.of());
    assertFalse(decide(plain).modules().contains("java.naming"), decide(plain).modules().toString());
    Map<String, String> sources = Map.of(
        "checker", "((java.security.cert.PKIXRevocationChecker) java.security.cert.CertPathValidator"
            + ".getInstance(\"PKIX\").getRevocationChecker()).getOptions()",
        "store", "java.security.cert.CertStore.getInstance(\"LDAP\", null)",
        "property", "System.setProperty(\"com.sun.security.enableCRLDP\", \"true\")");
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path jar = jar(e.getKey() + ".jar", Map.of("a/Main.java", "package a;\npublic class Main {\n"
          + "  public static void main(String[] a) throws Exception { System.out.println(" + e.getValue() + "); }\n}"),
          Map.of());
      ModuleDecision d = decide(jar);
      assertTrue(d.modules().contains("java.naming"), e.getKey() + ": " + d.modules());
      assertReason(d, "java.naming", "revocation");
    }
    assertTrue(decide(plain, null, List.of("-Dcom.sun.net.ssl.checkRevocation=true")).modules().contains("java.naming"));
  }

  /**
   * Debian keeps snappy-java's and jffi's JNI libraries in /usr/lib/x86_64-linux-gnu/jni, apart from their jars,
   * where java's library path finds them: the ones the app loads by name (or by a name and a version, jffi's
   * "jffi-" + "1.2") are this machine's to bundle; the output had none, and snappy and Jython's os.getpid failed.
   */
  @Test
  void jniLibrariesKeptApartFromTheirJarsAreFoundByTheNamesTheAppLoads() throws IOException {
    Path jni = Files.createDirectories(dir.resolve("usr/lib/x86_64-linux-gnu/jni"));
    for (String f : List.of("libsnappyjava.so", "libjffi-1.2.so", "libatk-wrapper.so", "libnotjni.so.1")) {
      Files.writeString(jni.resolve(f), "");
    }
    Path jar = jar("loads.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) {
            System.loadLibrary("snappyjava");
            System.loadLibrary(new StringBuilder("jffi-").append(a[0]).toString()); // as jffi, built for Java 8
          }
        }"""), Map.of());
    Map<String, Path> found = ModuleAnalyzer.hostJni(ClassPathScan.of(List.of(jar)), List.of(jni,
        dir.resolve("missing")));
    assertEquals(Map.of("snappyjava", jni.resolve("libsnappyjava.so"), "jffi-1.2", jni.resolve("libjffi-1.2.so")),
        found);
  }

  /** A jar inside a class-path directory (Maven's lib/ under its home, loaded by classworlds) is read too. */
  @Test
  void aJarInAClassPathDirectoryIsReadToo() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path classes = compile(Map.of("a/Main.java", "package a; public class Main { public static void main(String[] a) {} }"));
    Files.walk(classes).filter(Files::isRegularFile).forEach(f -> copy(f, home.resolve(classes.relativize(f).toString())));
    Path lib = Files.createDirectories(home.resolve("lib"));
    writeJar(lib.resolve("logging.jar"), compile(Map.of("b/Log.java",
        "package b; public class Log { public static Object get() { return java.util.logging.Logger.getGlobal(); } }")),
        Map.of());
    AppInput app = new AppInput("app", "a.Main", null, List.of("app/home"), Map.of(home, "app/home"), List.of(home),
        Map.of());
    ModuleDecision d = new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work")).decide(app, null,
        Set.of(), List.of());
    assertTrue(d.modules().contains("java.logging"), d.modules().toString());
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An agent's classes stored as .classdata (OpenTelemetry's inst/) are read like .class files. */
  @Test
  void classesStoredAsClassdataAreRead() throws IOException {
    Path classes = compile(Map.of("a/Main.java", "package a; public class Main { public static void main(String[] a) {} }",
        "a/Hidden.java", "package a; public class Hidden { public static Object mx() { "
            + "return java.lang.management.ManagementFactory.getRuntimeMXBean(); } }"));
    Path data = Files.move(classes.resolve("a/Hidden.class"),
        Files.createDirectories(dir.resolve("inst-extra")).resolve("Hidden.classdata"));
    Path jar = dir.resolve("agent.jar");
    writeJar(jar, classes, Map.of(), Map.of("inst/a/Hidden.classdata", data), "");
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("java.management"), d.modules().toString());
  }

  /**
   * A script run by an embedded engine (here Clojure's compiler, a stand-in of that name) may name any Java SE class,
   * which the app's own classes cannot show: the app gets java.se, and with it java.sql that nothing else names.
   */
  @Test
  void anAppThatCompilesCodeAtRunTimeGetsAllOfJavaSe() throws IOException {
    Path jar = jar("scripts.jar", Map.of("clojure/lang/Compiler.java", """
        package clojure.lang;
        public class Compiler { public static Object eval(Object form) { return form; } }""", "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(clojure.lang.Compiler.eval(a[0])); }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("java.se"), d.modules().toString());
    assertReason(d, "java.se", "compiles or runs code at run time (Clojure, in scripts.jar)");
    // its members are named too: what depends on one (java.desktop's libraries, fonts) must see it
    assertTrue(d.modules().containsAll(Set.of("java.desktop", "java.sql", "java.sql.rowset", "java.scripting")),
        d.modules().toString());
    assertReason(d, "java.desktop", "part of java.se");
    // and the locales: a script's Locale.GERMANY formats in English without jdk.localedata (Janino, BeanShell)
    assertReason(d, "jdk.localedata", "compiles or runs code at run time (Clojure, in scripts.jar), which may format for any locale");
  }

  /**
   * An OSGi framework loads its bundles from outside the class path and exports the runtime's packages to them: a
   * Felix app's bundle importing javax.xml.parsers did not resolve in the output (the framework kept running).
   */
  @Test
  void anOsgiFrameworkOrAPluginHostBringsJavaSeAndTheLocales() throws IOException {
    // each class checked present in the project's real jar (org.apache.felix.main 7.0.5, org.eclipse.osgi 3.23.0,
    // org.apache.karaf.main 4.4.10, pf4j 3.13.0, jboss-modules 2.1.6, connect-runtime 4.1.1, trino-main 476,
    // elasticsearch 8.17.0, opensearch 2.19.1,
    // junit-platform-console-standalone 1.14.1, testng 7.10.2, maven-core 3.9.9, jenkins-core 2.479,
    // sbt-launch 1.10.7, jbang-cli 0.132.1, pitest-command-line 1.17.4)
    for (String framework : List.of("org/apache/felix/framework/Felix", "org/eclipse/osgi/internal/framework/"
        + "EquinoxContainer", "org/apache/karaf/main/Main", "org/pf4j/AbstractPluginManager",
        "org/jboss/modules/ModuleLoader",
        "org/apache/kafka/connect/runtime/isolation/DelegatingClassLoader", "io/trino/server/PluginManager",
        "org/elasticsearch/plugins/PluginsService", "org/opensearch/plugins/PluginsService",
        "org/junit/platform/console/ConsoleLauncher", "org/testng/TestNG",
        "org/apache/maven/plugin/internal/DefaultMavenPluginManager", "hudson/PluginManager",
        "xsbt/boot/Boot", "dev/jbang/Main", "org/pitest/mutationtest/commandline/MutationCoverageReport")) {
      ModuleDecision d = decideWithStandIn(framework);
      assertTrue(d.modules().containsAll(Set.of("java.xml", "java.sql", "java.naming")), d.modules().toString());
      assertReason(d, "java.xml", "part of java.se");
      assertReason(d, "jdk.localedata", "load at run time");
      assertReason(d, "jdk.localedata", "which may format for any locale");
      // a test runner's tests may use any module (Mockito's inline mocks attach through jdk.attach), and so may a
      // plugin (a JBoss module.xml names jdk.security.auth, a plugin's TLS needs jdk.crypto.ec)
      assertTrue(d.modules().containsAll(Set.of("jdk.attach", "jdk.httpserver", "jdk.unsupported", "jdk.compiler",
          "jdk.security.auth", "jdk.crypto.ec")), framework + ": " + d.modules());
      assertReason(d, "jdk.security.auth", "load at run time");
      assertReason(d, "jdk.security.auth", "which may use any module of the JDK");
      assertFalse(d.modules().contains("jdk.hotspot.agent"), d.modules().toString());
    }
  }

  /** The decision for an app whose main class uses a stand-in of the class {@code internalName} (a/b/C). */
  private ModuleDecision decideWithStandIn(String internalName) throws IOException {
    String pkg = internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    String name = internalName.substring(internalName.lastIndexOf('/') + 1);
    Path jar = jar(name + ".jar", Map.of(internalName + ".java", "package " + pkg + ";\npublic class " + name
        + " { public Object start() { return this; } }", "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(new %s().start()); }
        }""".formatted(pkg + "." + name)), Map.of());
    return decide(jar);
  }

  /**
   * A compiler in the app compiles code that may name any module of a JDK (a Kotlin or Scala server on
   * jdk.httpserver), and {@code --release N} reads lib/ct.sym, which comes with jdk.compiler: ECJ's and Scala 3's
   * {@code --release 11} failed with "java.lang.Object cannot be resolved" in a runtime of java.se. A script engine
   * keeps Java SE.
   */
  @Test
  void anAppThatCompilesCodeGetsEveryModuleOfTheJdk() throws IOException {
    // each class checked present in the real jar (ecj 3.44.0, kotlin-compiler-embeddable 2.4.21, scala-compiler
    // 2.13.16, scala3-compiler_3 3.3.7)
    for (String compiler : List.of("org/eclipse/jdt/internal/compiler/Compiler",
        "org/jetbrains/kotlin/cli/jvm/K2JVMCompiler", "scala/tools/nsc/Global", "dotty/tools/dotc/Compiler",
        "org/codehaus/groovy/control/CompilationUnit")) {
      ModuleDecision d = decideWithStandIn(compiler);
      boolean compiles = !compiler.contains("groovy");
      assertTrue(d.modules().contains("java.se"), compiler + ": " + d.modules());
      // a Groovy script's com.sun.net.httpserver, as a Kotlin server's; but javac only where a compiler needs it
      assertTrue(d.modules().containsAll(Set.of("jdk.httpserver", "jdk.net", "jdk.unsupported", "jdk.attach")),
          compiler + ": " + d.modules());
      assertEquals(compiles, d.modules().containsAll(Set.of("jdk.compiler", "jdk.jdeps")), compiler + ": " + d.modules());
      assertReason(d, "jdk.httpserver", "the app compiles or runs code at run time (");
      assertReason(d, "jdk.httpserver", compiles ? "which may use any module of the JDK"
          : "which may use any module of the JDK but its development tools");
      assertFalse(d.modules().contains("jdk.hotspot.agent"), d.modules().toString());
    }
    // javac through javax.tools (jOOR)
    Path javac = jar("javac.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(javax.tools.ToolProvider.getSystemJavaCompiler()); }
        }"""), Map.of());
    ModuleDecision d = decide(javac);
    assertTrue(d.modules().containsAll(Set.of("jdk.compiler", "jdk.httpserver", "jdk.net")), d.modules().toString());
    assertReason(d, "jdk.net", "the app compiles or runs code at run time (the system Java compiler (javax.tools), in "
        + "a.Main (javac.jar)), which may use any module of the JDK");
  }

  /**
   * Lombok keeps 789 of its classes as SCL.lombok/**.SCL.lombok entries, which its own class loader defines:
   * delombok's javac host among them, which enters the sources it is given into javac and so resolves them against
   * the platform's classes. Unread, its runtime was 7 modules, and sources naming java.sql did not resolve.
   */
  @Test
  void classesHiddenAsLombokDoesAreReadAndJavacEnteringTreesCompiles() throws IOException {
    Path hidden = compile(Map.of("a/Delombok.java", """
        package a;
        public class Delombok {
          public static Object run() {
            return com.sun.tools.javac.main.JavaCompiler.instance(new com.sun.tools.javac.util.Context())
                .enterTrees(com.sun.tools.javac.util.List.nil());
          }
        }"""), "--add-exports", "jdk.compiler/com.sun.tools.javac.main=ALL-UNNAMED", "--add-exports",
        "jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED");
    Path main = compile(Map.of("a/Main.java", "package a; public class Main { public static void main(String[] a) "
        + "throws Exception { Class.forName(\"a.Delombok\"); } }"));
    Path jar = dir.resolve("lombok.jar");
    writeJar(jar, main, Map.of(), Map.of("SCL.lombok/a/Delombok.SCL.lombok", hidden.resolve("a/Delombok.class")), "");
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("jdk.compiler", "java.se", "jdk.httpserver")), d.modules().toString());
    assertReason(d, "java.se", "the app compiles or runs code at run time (javac's compiler "
        + "(com.sun.tools.javac.main), in a.Delombok (lombok.jar))");
  }

  /**
   * A launcher jar that loads the application from elsewhere through a URLClassLoader (ActiveMQ Artemis's
   * artemis-boot.jar, one class, loads $ARTEMIS_HOME/lib/*.jar): the scan sees none of what runs, so the runtime is
   * the whole JDK; its runtime was java.base alone, and every command failed. An app of more classes than a
   * launcher has keeps what its classes show.
   */
  @Test
  void aLauncherJarThatLoadsTheAppThroughAUrlClassLoaderGetsEveryModule() throws IOException {
    String boot = """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception {
            ClassLoader app = new java.net.URLClassLoader(new java.net.URL[] {new java.io.File(a[0]).toURI().toURL()});
            app.loadClass(a[1]).getMethod("main", String[].class).invoke(null, (Object) a);
          }
        }""";
    ModuleDecision d = decide(jar("boot.jar", Map.of("a/Main.java", boot), Map.of()));
    assertTrue(d.modules().containsAll(Set.of("java.se", "java.naming", "jdk.unsupported", "jdk.crypto.ec")),
        d.modules().toString());
    assertReason(d, "java.naming", "part of java.se");
    assertReason(d, "jdk.unsupported", "a launcher of 1 class that loads jars through a URLClassLoader at run time");

    Map<String, String> big = new java.util.HashMap<>(Map.of("a/Main.java", boot));
    for (int i = 0; i < 100; i++) {
      big.put("a/C" + i + ".java", "package a; class C" + i + " {}");
    }
    ModuleDecision app = decide(jar("app.jar", big, Map.of()));
    assertFalse(app.modules().contains("java.se") || app.modules().contains("java.naming"), app.modules().toString());
  }

  /**
   * A Java agent carried by -J-javaagent (under app/jvm/) with a class loader of its own (Elastic APM's loads its
   * classes so) does not make a small service a launcher: it got the whole JDK (52.6 MB against 13.6 MB) and the
   * reason named the app. Its classes still count for the modules they refer to.
   */
  @Test
  void anAgentsClassLoaderDoesNotMakeTheAppALauncher() throws IOException {
    Path svc = jar("svc.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception {
            System.out.println(java.util.logging.Logger.getGlobal());
          }
        }"""), Map.of());
    Path agent = jar("agent.jar", Map.of("b/Agent.java", """
        package b;
        public class Agent {
          public static void premain(String a) throws Exception {
            new java.net.URLClassLoader(new java.net.URL[0]).loadClass("b.Inner");
          }
        }"""), Map.of());
    AppInput app = new AppInput("svc", "a.Main", "app/svc.jar", List.of(),
        Map.of(svc, "app/svc.jar", agent, "app/jvm/agent.jar"), List.of(svc, agent), Map.of());
    ModuleDecision d = new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work")).decide(app, null,
        Set.of(), List.of());
    assertFalse(d.launcher(), d.reasons().toString());
    assertFalse(d.modules().contains("java.se"), d.modules().toString());
    assertTrue(d.modules().contains("java.logging"), d.modules().toString());

    // On the class path, a library's own class loader (byte-buddy-agent's, for Java 8's tools.jar) does not make the
    // app a launcher either: the whole JDK for a one-class app that attaches an agent (42.7 MB against 13.9).
    AppInput onTheClassPath = new AppInput("svc", "a.Main", null, List.of("app/cp/svc.jar", "app/cp/agent.jar"),
        Map.of(svc, "app/cp/svc.jar", agent, "app/cp/agent.jar"), List.of(svc, agent), Map.of());
    ModuleDecision library = new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work"))
        .decide(onTheClassPath, null, Set.of(), List.of());
    assertFalse(library.launcher(), library.reasons().toString());
    assertFalse(library.modules().contains("java.se"), library.modules().toString());
    // while a main class whose own jar makes the loader is one, whatever else the class path holds
    Path boot = jar("boot-main.jar", Map.of("c/Boot.java", """
        package c;
        public class Boot {
          public static void main(String[] a) throws Exception {
            new java.net.URLClassLoader(new java.net.URL[0]).loadClass(a[0]);
          }
        }"""), Map.of());
    AppInput booting = new AppInput("boot", "c.Boot", null, List.of("app/cp/boot-main.jar", "app/cp/svc.jar"),
        Map.of(boot, "app/cp/boot-main.jar", svc, "app/cp/svc.jar"), List.of(boot, svc), Map.of());
    assertTrue(new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work")).decide(booting, null,
        Set.of(), List.of()).launcher(), "the main class's own jar loads the app");
  }

  /**
   * A JSR 223 script engine (ABCL's Lisp, JEXL, MVEL, LuaJ) runs code that may call any Java API, as the engines
   * hermit knows by name do: an ABCL app calling java.sql from Lisp failed in a runtime of java.scripting alone.
   */
  @Test
  void aScriptEngineOnTheClassPathBringsJavaSe() throws IOException {
    Path jar = jar("lisp.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(a.length); }
        }"""), Map.of("META-INF/services/javax.script.ScriptEngineFactory", "org.armedbear.lisp.scripting.Factory\n"));
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("java.se", "java.sql", "java.scripting", "jdk.localedata")),
        d.modules().toString());
    assertReason(d, "java.se", "a script engine, lisp.jar!/META-INF/services/javax.script.ScriptEngineFactory, whose "
        + "scripts may call any Java API");
    assertTrue(d.modules().contains("jdk.httpserver") && !d.modules().contains("jdk.compiler"), d.modules().toString());

    // GraalJS on a stock JVM: Java.type('java.net.http.HttpClient') was "not allowed or does not exist"
    ModuleDecision polyglot = decideWithStandIn("org/graalvm/polyglot/Context");
    assertTrue(polyglot.modules().containsAll(Set.of("java.se", "java.net.http", "jdk.localedata", "jdk.httpserver")),
        polyglot.modules().toString());
    assertReason(polyglot, "java.net.http", "part of java.se");
    assertReason(polyglot, "jdk.httpserver", "GraalVM's polyglot engine");
  }

  /**
   * The JDK checks a signed jar's signature with the provider of its key's algorithm: without SunEC an EC-signed
   * jar counts as unsigned, silently. An RSA-signed jar needs nothing beyond java.base. Signed here by the JDK's own
   * keytool and jarsigner.
   */
  @Test
  void aJarSignedWithAnEllipticCurveKeyBringsSunEc() throws Exception {
    for (String alg : List.of("EC", "RSA")) {
      Path jar = jar("signed-" + alg + ".jar", Map.of("a/Main.java", """
          package a;
          public class Main {
            public static void main(String[] a) { System.out.println(a.length); }
          }"""), Map.of());
      Path keys = dir.resolve(alg + ".p12");
      String bin = System.getProperty("java.home") + "/bin/";
      run(bin + "keytool", "-genkeypair", "-keyalg", alg, "-alias", "k", "-dname", "CN=test", "-validity", "2",
          "-keystore", keys.toString(), "-storepass", "secret", "-storetype", "PKCS12");
      run(bin + "jarsigner", "-keystore", keys.toString(), "-storepass", "secret", jar.toString(), "k");
      try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
        assertTrue(j.stream().anyMatch(e -> e.getName().equals("META-INF/K." + alg)), "jarsigner wrote K." + alg);
      }
      ModuleDecision d = decide(jar);
      assertEquals(alg.equals("EC"), d.modules().contains("jdk.crypto.ec"), alg + ": " + d.modules());
      if (alg.equals("EC")) {
        assertReason(d, "jdk.crypto.ec", "signed-EC.jar is signed with an elliptic-curve key");
      }
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  /**
   * Spring Boot's ZIP layout (Main-Class PropertiesLauncher) exists to add jars at run time (loader.path); the
   * default layout's JarLauncher does not.
   */
  @Test
  void springBootsPropertiesLauncherBringsJavaSeAndItsJarLauncherDoesNot() throws IOException {
    Path jar = jar("boot.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(a.length); }
        }"""), Map.of());
    for (String launcher : List.of("org.springframework.boot.loader.launch.PropertiesLauncher",
        "org.springframework.boot.loader.PropertiesLauncher")) {
      ModuleDecision d = decide(jar, null, List.of(), Map.of("Main-Class", launcher));
      assertTrue(d.modules().containsAll(Set.of("java.se", "java.sql", "jdk.localedata", "jdk.crypto.ec",
          "jdk.unsupported")), d.modules().toString());
      assertReason(d, "java.se", "Spring Boot's PropertiesLauncher, which adds the jars of loader.path at run time");
      assertReason(d, "jdk.unsupported", "which may use any module of the JDK");
    }
    ModuleDecision plain = decide(jar, null, List.of(), Map.of("Main-Class",
        "org.springframework.boot.loader.launch.JarLauncher"));
    assertFalse(plain.modules().contains("java.se"), plain.modules().toString());
  }

  /** An analyser that reads the JDK's classes runs none of the code it reads: no locale data for it. */
  @Test
  void anAnalyserOfJdkClassesGetsJavaSeButNoLocaleData() throws IOException {
    Path jar = jar("archunit.jar", Map.of("com/tngtech/archunit/core/importer/ClassFileImporter.java", """
        package com.tngtech.archunit.core.importer;
        public class ClassFileImporter { public Object importPackages(String p) { return p; } }""", "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) {
            System.out.println(new com.tngtech.archunit.core.importer.ClassFileImporter().importPackages(a[0]));
          }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().contains("java.se"), d.modules().toString());
    assertFalse(d.modules().contains("jdk.localedata"), d.reasons().toString());
    // the code it reads may name any JDK type, a tool's too: PMD missed a finding on a jdk.jshell type
    assertTrue(d.modules().containsAll(Set.of("jdk.jshell", "jdk.httpserver", "jdk.compiler")), d.modules().toString());
    assertReason(d, "jdk.httpserver", "which may read the classes of any module of the JDK");

    // decompilers too: CFR decompiling code that names java.sql printed "Could not load the following classes"
    // and wrong casts under the output (stand-ins of their class names); JavaParser's symbol solver left a
    // java.sql.Connection of the source it read unsolved
    for (String analyser : List.of("org.benf.cfr.reader.state.ClassFileSourceImpl",
        "org.jetbrains.java.decompiler.struct.StructContext", "com.strobel.assembler.metadata.ClasspathTypeLoader",
        "com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver")) {
      String pkg = analyser.substring(0, analyser.lastIndexOf('.'));
      String name = analyser.substring(analyser.lastIndexOf('.') + 1);
      Path decompiler = jar(name + ".jar", Map.of(analyser.replace('.', '/') + ".java",
          "package " + pkg + "; public class " + name + " {}", "a/Main.java", """
          package a;
          public class Main { public static void main(String[] a) { System.out.println(new %s()); } }"""
              .formatted(analyser)), Map.of());
      ModuleDecision dd = decide(decompiler);
      assertTrue(dd.modules().contains("java.se"), analyser + ": " + dd.modules());
      assertFalse(dd.modules().contains("jdk.localedata"), dd.reasons().toString());
    }
  }

  /**
   * Scala 3's compiler (dotc) reads the JDK's classes it compiles against from the runtime: a {@code .scala} file
   * naming java.sql failed under the output ("value sql is not a member of java") until dotc counted as a compiler.
   */
  @Test
  void theScala3CompilerBringsJavaSe() throws IOException {
    Path jar = jar("dotty.jar", Map.of("dotty/tools/dotc/Compiler.java", """
        package dotty.tools.dotc;
        public class Compiler { public Object newRun() { return this; } }""", "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) { System.out.println(new dotty.tools.dotc.Compiler().newRun()); }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("java.se", "java.sql")), d.modules().toString());
    assertReason(d, "java.se", "compiles or runs code at run time (the Scala 3 compiler, in dotty.jar)");
  }

  /**
   * Spring names BeanShell's interpreter for its optional scripting support: a name alone, with no bsh.jar on the
   * class path, runs no code at run time and must not bring all of Java SE (five modules more for every Spring app).
   */
  @Test
  void aCompilerNamedButNotOnTheClassPathBringsNothing() throws IOException {
    Path classes = compile(Map.of("bsh/Interpreter.java", """
        package bsh;
        public class Interpreter { public Object eval(String s) { return s; } }""", "a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) {
            if (a.length > 9) System.out.println(new bsh.Interpreter().eval(a[0]));
          }
        }"""));
    Files.delete(classes.resolve("bsh/Interpreter.class"));
    Path jar = dir.resolve("optional-bsh.jar");
    writeJar(jar, classes, Map.of());
    ModuleDecision d = decide(jar);
    assertEquals(Set.of("java.base"), d.modules(), d.reasons().toString());
  }

  /**
   * What jdeps used to find for us: names in generic signatures and annotation types, which no constant-pool Class
   * entry holds. Jackson reads {@code @ConstructorProperties} by reflection (java.desktop); a serializer reads a
   * field's generic type. Each module is named by nothing else in these classes.
   */
  @Test
  void genericSignaturesAndAnnotationsBringTheirModules() throws IOException {
    Path jar = jar("app.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          java.util.List<java.sql.Timestamp> stamps;                       // java.sql, in the Signature only
          java.util.Map<String, java.util.List<javax.naming.Name>> names;  // java.naming, nested type argument
          @java.beans.ConstructorProperties({"x"}) public Main(int x) {}   // java.desktop, an annotation type
          public static void main(String[] a) { System.out.println("hi"); }
        }"""), Map.of());
    ModuleDecision d = decide(jar);
    assertTrue(d.modules().containsAll(Set.of("java.sql", "java.naming", "java.desktop")), d.reasons().toString());
    assertReason(d, "java.sql", "refers to java.sql.Timestamp");
    assertReason(d, "java.desktop", "refers to java.beans.ConstructorProperties");
  }

  @Test
  void aPureJavaBaseAppGetsJavaBaseAlone() throws IOException {
    Path jar = jar("hello.jar", Map.of("a/Main.java", """
        package a;
        public class Main { public static void main(String[] a) { System.out.println("hi " + a.length); } }"""),
        Map.of());
    assertEquals(Set.of("java.base"), decide(jar).modules());
  }

  @Test
  void reasonsAreTheSameFromRunToRun() throws IOException {
    Path jar = jar("app.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] a) throws Exception {
            System.out.println(java.sql.Types.INTEGER + " " + java.util.logging.Logger.getGlobal());
            Class.forName("javax.naming.InitialContext");
          }
        }"""), Map.of());
    assertEquals(decide(jar).reasons(), decide(jar).reasons());
  }

  /** Options baked into the executable that load a module no class refers to: the runtime must have it. */
  @Test
  void jvmOptionsBringTheModulesTheyLoad() throws IOException {
    Path jar = jar("app.jar", Map.of("a/Main.java", """
        package a;
        public class Main {
          public static void main(String[] args) {
            System.out.println("hi");
          }
        }"""), Map.of());
    List<String> options = List.of("-Xmx64m", "-XX:StartFlightRecording=filename=rec.jfr",
        "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n", "-Dcom.sun.management.jmxremote.port=9010",
        "-javaagent:agent.jar", "--add-modules=jdk.httpserver,ALL-DEFAULT", "--add-modules", "jdk.net");
    ModuleDecision d = decide(jar, null, options);
    assertEquals(Set.of("java.base", "jdk.jfr", "jdk.jdwp.agent", "jdk.management.agent", "jdk.management",
        "jdk.management.jfr", "java.instrument", "jdk.httpserver", "jdk.net"), d.modules());
    assertReason(d, "jdk.management.jfr", "the JVM option -Dcom.sun.management.jmxremote.port=9010 needs it: remote "
        + "monitors control the flight recorder through it");
    assertReason(d, "jdk.jfr", "the JVM option -XX:StartFlightRecording=filename=rec.jfr needs it");
    assertReason(d, "jdk.httpserver", "the JVM option --add-modules jdk.httpserver,ALL-DEFAULT names it");
    assertEquals(Set.of("java.base"), decide(jar, null, List.of("-Xmx64m")).modules(), "plain options need nothing");
    // System.Logger reads a logging configuration only through java.logging
    assertEquals(Set.of("java.base", "java.logging"),
        decide(jar, null, List.of("-Djava.util.logging.config.file=logging.properties")).modules());
    // an exact module set still gets what the options need: without it the output could not start
    assertTrue(decide(jar, Set.of("java.sql"), List.of("-XX:+FlightRecorder")).modules().contains("jdk.jfr"));

    // --add-opens and --add-exports bring the module they name when the JDK has it (else the JVM warns "Unknown
    // module" at every start); one it lacks is no error, as under java
    ModuleDecision opened = decide(jar, null, List.of("--add-opens=jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED",
        "--add-exports", "java.management/sun.management=ALL-UNNAMED", "--add-opens=jdk.nonexistent/x=ALL-UNNAMED"));
    assertEquals(Set.of("java.base", "jdk.internal.jvmstat", "java.management"), opened.modules());
    assertReason(opened, "jdk.internal.jvmstat", "the JVM option --add-opens jdk.internal.jvmstat/sun.jvmstat.monitor="
        + "ALL-UNNAMED names it");
    // linked, jdk.internal.jvmstat is still not resolved at start: it exports to named modules only, and java
    // resolves it only for a module that requires it (a full JDK's jdk.attach). java.management exports to all.
    assertEquals(List.of("jdk.internal.jvmstat"), opened.notRoots());
    // the same when the app names one of its classes too (the module was chosen for that first), or only that
    Path monitor = jar("monitor.jar", Map.of("a/Main.java", "package a; public class Main { public static void main("
        + "String[] x) throws Exception { Class.forName(\"sun.jvmstat.monitor.MonitoredHost\"); } }"), Map.of());
    assertEquals(List.of("jdk.internal.jvmstat"), decide(monitor, null, List.of(
        "--add-opens=jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED")).notRoots());
    assertEquals(List.of("jdk.internal.jvmstat"), decide(monitor).notRoots());
    assertEquals(List.of(), decide(monitor, null, List.of("--add-modules=jdk.internal.jvmstat")).notRoots(),
        "named by --add-modules already");
    assertEquals(List.of(), decide(jar, null, List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-exports=java.management/sun.management=ALL-UNNAMED")).notRoots());

    InputException unknown = assertThrows(InputException.class,
        () -> decide(jar, null, List.of("--add-modules=jdk.nonexistent")));
    assertEquals(java.util.Optional.of(dev.hermit.Setting.JVM_OPTIONS), unknown.setting());
    assertTrue(unknown.getMessage().startsWith("module jdk.nonexistent is not in the JDK at ")
        && unknown.getMessage().endsWith(", and the JVM option --add-modules jdk.nonexistent names it"),
        unknown.getMessage());

    // java's keywords for --add-modules name no module: said so, with what to give instead
    AppInput app = new AppInput("app", "a.Main", "app/app.jar", List.of(), Map.of(jar, "app/app.jar"), List.of(jar),
        Map.of());
    for (String keyword : List.of("ALL-MODULE-PATH", "ALL-SYSTEM")) {
      InputException e = assertThrows(InputException.class, () -> new ModuleAnalyzer(Jdk.running(),
          Files.createTempDirectory(dir, "work")).decide(app, null, Set.of(keyword), List.of()));
      assertEquals(java.util.Optional.of(dev.hermit.Setting.ADD_MODULES), e.setting());
      assertEquals(keyword + " is a keyword of java's --add-modules, not a module a runtime can hold: name the "
          + "modules (java.se is all of Java SE), or pass it to the JVM with -J--add-modules=" + keyword, e.getMessage());
    }
  }

  private static void assertReason(ModuleDecision d, String module, String part) {
    assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith(module + ": ") && r.contains(part)),
        module + " should be there because of '" + part + "': " + d.reasons());
  }

  /**
   * What configures the JDK outside the classes names modules as the classes' strings do: a JNDI factory or provider
   * URL in the class path's jndi.properties or a -D option ("Cannot instantiate class:
   * com.sun.jndi.dns.DnsContextFactory" without jdk.naming.dns), and the providers of a java.security override the
   * output carries (SunPKCS11 was silently missing from the list, and "SHA-1 not available" followed).
   */
  @Test
  void configurationOutsideTheClassesNamesModules() throws IOException {
    String lookup = "package a; public class Main { public static void main(String[] x) throws Exception {"
        + " System.out.println(new javax.naming.directory.InitialDirContext().getAttributes(\"example.com\")); } }";
    Path jndi = jar("jndi.jar", Map.of("a/Main.java", lookup), Map.of("jndi.properties",
        "java.naming.factory.initial=com.sun.jndi.dns.DnsContextFactory\njava.naming.provider.url=dns://127.0.0.1:1\n"));
    ModuleDecision fromResource = decide(jndi);
    assertTrue(fromResource.modules().contains("jdk.naming.dns"), fromResource.modules().toString());
    assertReason(fromResource, "jdk.naming.dns", "jndi.jar!/jndi.properties names the class "
        + "com.sun.jndi.dns.DnsContextFactory in a string (reflection or a service lookup)");
    Path plain = jar("plain.jar", Map.of("a/Main.java", lookup), Map.of());
    assertTrue(!decide(plain).modules().contains("jdk.naming.dns"), "nothing names the DNS provider");
    assertTrue(decide(plain, null, List.of("-Djava.naming.factory.initial=com.sun.jndi.dns.DnsContextFactory"))
        .modules().contains("jdk.naming.dns"), "the factory given as a JVM option");

    Path security = Files.writeString(dir.resolve("p11.security"),
        "security.provider.1=SunPKCS11 /etc/p11.cfg\nsecurity.provider.2=XMLDSig\n");
    Path app = jar("signer.jar", Map.of("a/Main.java", "package a; public class Main { public static void main("
        + "String[] x) throws Exception { System.out.println(java.security.Signature.getInstance(\"SHA256withECDSA\")"
        + "); } }"), Map.of());
    AppInput carried = new AppInput("app", "a.Main", "app/app.jar", List.of(), Map.of(app, "app/app.jar", security,
        "app/jvm/p11.security"), List.of(app), Map.of());
    ModuleDecision d = new ModuleAnalyzer(Jdk.running(), Files.createTempDirectory(dir, "work")).decide(carried, null,
        Set.of(), List.of("-Djava.security.properties=${HERMIT_ROOT}/app/jvm/p11.security"));
    assertTrue(d.modules().containsAll(Set.of("jdk.crypto.cryptoki", "java.xml.crypto")), d.modules().toString());
    assertReason(d, "java.xml.crypto", "the app names the security provider XMLDSig, which is looked up by name");
    assertTrue(!decide(app).modules().contains("jdk.crypto.cryptoki"), "without the override, no PKCS#11");
  }

  /**
   * A module the full JDK does not resolve for a class-path app either is not named with --add-modules: java leaves
   * jdk.internal.vm.ci out of its boot layer (nothing it resolves requires it), and Truffle says "JVMCI is not
   * enabled" there, where with the module it asked for optimizations.
   */
  @Test
  void aModuleJavaDoesNotResolveByItselfIsNotAdded() throws IOException {
    Path jvmci = jar("jvmci.jar", Map.of("a/Main.java", "package a; public class Main { public static void main("
        + "String[] x) throws Exception { Class.forName(\"jdk.vm.ci.runtime.JVMCI\"); } }"), Map.of());
    ModuleDecision d = decide(jvmci);
    org.junit.jupiter.api.Assumptions.assumeTrue(d.modules().contains("jdk.internal.vm.ci"),
        "SKIPPED LOUDLY: this JDK has no jdk.internal.vm.ci");
    assertEquals(List.of(), d.notRoots());
  }

  private ModuleDecision decide(Path jar) throws IOException {
    return decide(jar, null, List.of());
  }

  private ModuleDecision decide(Path jar, Set<String> only, List<String> options) throws IOException {
    return decide(jar, only, options, Map.of());
  }

  private ModuleDecision decide(Path jar, Set<String> only, List<String> options, Map<String, String> manifest)
      throws IOException {
    AppInput app = new AppInput("app", "a.Main", "app/app.jar", List.of(), Map.of(jar, "app/app.jar"), List.of(jar),
        manifest);
    Path work = Files.createTempDirectory(dir, "work");
    return new ModuleAnalyzer(Jdk.running(), work).decide(app, only, Set.of(), options);
  }

  private Path jar(String name, Map<String, String> sources, Map<String, String> resources) throws IOException {
    Path jar = dir.resolve(name);
    writeJar(jar, compile(sources), resources);
    return jar;
  }

  private Path compile(Map<String, String> sources) throws IOException {
    return compile(sources, "--release", "17");
  }

  private Path compile(Map<String, String> sources, String... options) throws IOException {
    Path src = Files.createTempDirectory(dir, "src");
    Path out = Files.createTempDirectory(dir, "classes");
    List<String> args = new ArrayList<>(List.of("-d", out.toString()));
    args.addAll(List.of(options));
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path f = src.resolve(s.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, s.getValue());
      args.add(f.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac failed");
    return out;
  }

  private static void writeJar(Path jar, Path classes, Map<String, String> resources) throws IOException {
    writeJar(jar, classes, resources, Map.of(), "");
  }

  private static void writeJar(Path jar, Path classes, Map<String, String> resources, Map<String, Path> extra,
      String manifest) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      out.putNextEntry(new JarEntry("META-INF/MANIFEST.MF"));
      out.write(("Manifest-Version: 1.0\nMain-Class: a.Main\n" + manifest).getBytes(StandardCharsets.UTF_8));
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        Files.copy(f, out);
      }
      for (Map.Entry<String, String> r : resources.entrySet()) {
        out.putNextEntry(new JarEntry(r.getKey()));
        out.write(r.getValue().getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, Path> e : extra.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        Files.copy(e.getValue(), (OutputStream) out);
      }
    }
  }
}
