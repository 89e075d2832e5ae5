package dev.hermit.app;

import dev.hermit.HermitException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The modules that nothing refers to: the JDK finds them by name or service lookup at run time (TLS ciphers,
 * charsets, locale data, platform MXBeans, the compiler). Each rule adds a module only when the scan shows the app
 * uses what the module serves. docs/MODULES.md lists them.
 */
final class ProviderRules {
  /** The JDK's security providers outside java.base, by name, and their modules (JDK 17 to 25 alike). */
  static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

  private static final Map<String, String> PROVIDERS = new java.util.TreeMap<>(Map.of("SunEC", "jdk.crypto.ec", "SunJGSS",
      "java.security.jgss", "SunSASL", "java.security.sasl", "XMLDSig", "java.xml.crypto", "SunPCSC", "java.smartcardio",
      "JdkLDAP", "java.naming", "JdkSASL", "jdk.security.jgss"));

  /** Kerberos settings, lower case, as the app's strings name them (its -D options: JvmOptionModules). */
  private static final List<String> KERBEROS_SETTINGS = JvmOptionModules.KERBEROS.stream()
      .map(k -> k.toLowerCase(Locale.ROOT)).toList();

  /**
   * What checks certificates' revocation: the classes that configure it (PKIXParameters, revocation on by default,
   * comes with every CertPathValidator) and the properties that turn CRL fetching on, lower case.
   */
  private static final List<String> REVOCATION = java.util.stream.Stream.concat(java.util.stream.Stream.of(
      "java/security/cert/PKIXRevocationChecker", "java/security/cert/LDAPCertStoreParameters",
      "javax/net/ssl/CertPathTrustManagerParameters"), JvmOptionModules.REVOCATION.stream()
      .map(p -> p.toLowerCase(Locale.ROOT))).toList();

  /**
   * javac's own compiler driven past parsing: entering or attributing trees resolves them against the platform's
   * classes, as delombok does with the sources it is given (parsing alone, google-java-format's, resolves nothing).
   */
  private static final List<String> JAVAC_ENTERS = List.of("com/sun/tools/javac/main/JavaCompiler.enterTrees",
      "com/sun/tools/javac/main/JavaCompiler.attribute", "com/sun/tools/javac/main/JavaCompiler.compile");

  /** Saxon's compilers of stylesheets and queries (s9api), which its own command lines use in place of JAXP. */
  private static final List<String> SAXON_COMPILERS = List.of("net/sf/saxon/s9api/XsltCompiler",
      "net/sf/saxon/s9api/XQueryCompiler");

  /** The JDK's ways to listen for connections: what a service's classes name. */
  private static final List<String> SERVER_SOCKETS = List.of("java/net/ServerSocket",
      "java/nio/channels/ServerSocketChannel", "java/nio/channels/AsynchronousServerSocketChannel",
      "com/sun/net/httpserver/HttpServer");

  /** The calls that open a server socket: which class of an app listens. */
  private static final List<String> LISTENS = List.of("java/net/ServerSocket.<init>",
      "java/nio/channels/ServerSocketChannel.open", "java/nio/channels/AsynchronousServerSocketChannel.open",
      "java/nio/channels/spi/SelectorProvider.openServerSocketChannel", "javax/net/ServerSocketFactory.createServerSocket",
      "com/sun/net/httpserver/HttpServer.create");

  /** Queries of an MBean server for names or MBeans: how a JMX bridge finds what to serve. */
  private static final List<String> PLATFORM_QUERIES = List.of("javax/management/MBeanServer.queryNames",
      "javax/management/MBeanServer.queryMBeans", "javax/management/MBeanServerConnection.queryNames",
      "javax/management/MBeanServerConnection.queryMBeans");

  private ProviderRules() {}

  /** Elliptic-curve algorithm names: SunEC (jdk.crypto.ec up to JDK 21) provides them. */
  private static final Set<String> EC_NAMES = Set.of("ec", "ecdsa", "ecdh", "sha256withecdsa", "sha384withecdsa",
      "sha512withecdsa", "secp256r1", "secp384r1", "secp521r1", "ed25519", "ed448", "eddsa", "x25519", "x448", "xdh");
  /** Locale constants whose data java.base lacks (it has only English and the root locale). */
  private static final Set<String> ENGLISH_LOCALES = Set.of("ENGLISH", "US", "UK", "ROOT", "CANADA");
  /** The languages of Locale's constants beyond English. */
  private static final Map<String, String> LOCALE_LANGUAGES = Map.ofEntries(Map.entry("GERMAN", "de"),
      Map.entry("GERMANY", "de"), Map.entry("FRENCH", "fr"), Map.entry("FRANCE", "fr"),
      Map.entry("CANADA_FRENCH", "fr"), Map.entry("ITALIAN", "it"), Map.entry("ITALY", "it"),
      Map.entry("JAPANESE", "ja"), Map.entry("JAPAN", "ja"), Map.entry("KOREAN", "ko"), Map.entry("KOREA", "ko"),
      Map.entry("CHINESE", "zh"), Map.entry("SIMPLIFIED_CHINESE", "zh"), Map.entry("TRADITIONAL_CHINESE", "zh"),
      Map.entry("CHINA", "zh"), Map.entry("PRC", "zh"), Map.entry("TAIWAN", "zh"));

  /** The Locale constants the classes name beyond English, each with its language: {@code JAPANESE=ja}. */
  static Map<String, String> namedLocales(ClassPathScan scan) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String m : scan.memberRefs().keySet()) {
      String field = m.startsWith("java/util/Locale.") ? m.substring("java/util/Locale.".length()) : "";
      if (LOCALE_LANGUAGES.containsKey(field)) {
        out.put(field, LOCALE_LANGUAGES.get(field));
      }
    }
    return out;
  }

  /** Locale factories that take a language tag or code chosen at run time. */
  private static final List<String> LOCALE_BY_TAG = List.of("java/util/Locale.forLanguageTag", "java/util/Locale.of",
      // an Accept-Language header matched against the available locales (Locale.lookup over LanguageRange.parse):
      // with java.base's, English and root, every header chose English
      "java/util/Locale$LanguageRange.parse", "java/util/Locale.lookup", "java/util/Locale.filter",
      "java/util/Locale.lookupTag", "java/util/Locale.filterTags");
  /** The javax.xml.transform calls that compile a stylesheet (descriptors recorded by ClassFile for this package). */
  private static final List<String> STYLESHEETS = List.of(
      "javax/xml/transform/TransformerFactory.newTemplates(Ljavax/xml/transform/Source;)Ljavax/xml/transform/Templates;",
      "javax/xml/transform/TransformerFactory.newTransformer(Ljavax/xml/transform/Source;)"
          + "Ljavax/xml/transform/Transformer;",
      "javax/xml/transform/sax/SAXTransformerFactory.newTransformerHandler(Ljavax/xml/transform/Source;)"
          + "Ljavax/xml/transform/sax/TransformerHandler;",
      "javax/xml/transform/sax/SAXTransformerFactory.newTemplatesHandler()Ljavax/xml/transform/sax/TemplatesHandler;",
      "javax/xml/transform/sax/SAXTransformerFactory.newXMLFilter(Ljavax/xml/transform/Source;)Lorg/xml/sax/XMLFilter;");
  private static final Set<String> EXTENDED_CHARSETS = extendedCharsets();
  /**
   * The JDK's command-line tools that java.util.spi.ToolProvider finds by name (JDK 17), by the module each lives in:
   * a build tool that runs {@code ToolProvider.findFirst("jar")} gets an empty Optional without it.
   */
  private static final Map<String, String> TOOLS = Map.of("jar", "jdk.jartool", "javac", "jdk.compiler", "javadoc",
      "jdk.javadoc", "javap", "jdk.jdeps", "jdeps", "jdk.jdeps", "jlink", "jdk.jlink", "jmod", "jdk.jlink", "jpackage",
      "jdk.jpackage");
  /**
   * A JSR 223 script engine's registration: what it runs (Lisp in ABCL, JEXL, MVEL, LuaJ, Kawa, as the engines named
   * below) may call any Java API, as the engines named in {@link #RUNTIME_CODE} do.
   */
  private static final String SCRIPT_ENGINE = "javax.script.ScriptEngineFactory";
  /** Classes of compilers, script engines and type-resolving analysers, by what they are (docs/MODULES.md). */
  private static final Map<String, String> RUNTIME_CODE = runtimeCode();
  /** The most classes a launcher jar that loads the real application through a URLClassLoader has (Artemis: 1). */
  private static final int LAUNCHER_CLASSES = 100;
  /**
   * Of those, the ones whose code may need any module a JDK has, not only Java SE's: test runners (Mockito's inline
   * mocks attach through jdk.attach), compilers (the code they compile may name jdk.httpserver or jdk.net, and
   * {@code --release N} reads the JDK's class signatures, lib/ct.sym, from jdk.compiler: ECJ and Scala failed with
   * "java.lang.Object cannot be resolved" without it), and hosts that load plugins from outside the class path,
   * whose code no scan sees (a JBoss module.xml may depend on any JDK module by name: WildFly stopped at its start
   * with "ModuleNotFoundException: jdk.security.auth"; a plugin's TLS needs jdk.crypto.ec, its Netty
   * jdk.unsupported). Script engines and analysers get less (DEVELOPMENT_TOOLS, and the rule's end).
   */
  private static final Set<String> WHOLE_JDK = Set.of("org/junit/platform/console/ConsoleLauncher",
      "org/testng/TestNG", "org/eclipse/jdt/internal/compiler/Compiler", "org/jetbrains/kotlin/cli/jvm/K2JVMCompiler",
      "scala/tools/nsc/Global", "dotty/tools/dotc/Compiler", "org/apache/felix/framework/Felix",
      "org/eclipse/osgi/internal/framework/EquinoxContainer", "org/apache/karaf/main/Main",
      "org/pf4j/AbstractPluginManager", "org/jboss/modules/ModuleLoader",
      "org/apache/kafka/connect/runtime/isolation/DelegatingClassLoader", "io/trino/server/PluginManager",
      "org/apache/maven/plugin/internal/DefaultMavenPluginManager", "hudson/PluginManager",
      "org/elasticsearch/plugins/PluginsService", "org/opensearch/plugins/PluginsService", "jdk/jshell/",
      "xsbt/boot/Boot", "dev/jbang/Main", "org/pitest/mutationtest/commandline/MutationCoverageReport");
  /**
   * The JDK's development tools and what only they use: a language that runs code at run time (Groovy, Clojure,
   * JRuby, a script engine) gets every other jdk.* module, whose APIs its code may call by name (a Groovy script's
   * com.sun.net.httpserver: "unable to resolve class" in a runtime of Java SE), but not javac, javadoc, jlink and
   * the debugger (about 4 MB of a payload), which only a compiler, a test runner or a plugin host may need.
   */
  private static final Set<String> DEVELOPMENT_TOOLS = Set.of("jdk.compiler", "jdk.javadoc", "jdk.jshell",
      "jdk.jdeps", "jdk.jlink", "jdk.jpackage", "jdk.jartool", "jdk.jdi", "jdk.jdwp.agent", "jdk.jstatd",
      "jdk.editpad", "jdk.jcmd");

  private static Map<String, String> runtimeCode() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("org/eclipse/jdt/internal/compiler/Compiler", "the Eclipse Java compiler, as Jasper's JSPs use");
    m.put("org/jetbrains/kotlin/cli/jvm/K2JVMCompiler", "the Kotlin compiler");
    m.put("scala/tools/nsc/Global", "the Scala compiler");
    m.put("dotty/tools/dotc/Compiler", "the Scala 3 compiler");
    m.put("org/codehaus/groovy/control/CompilationUnit", "Groovy");
    m.put("org/codehaus/janino/SimpleCompiler", "Janino");
    m.put("clojure/lang/Compiler", "Clojure");
    m.put("org/jruby/Ruby", "JRuby");
    m.put("org/python/core/PySystemState", "Jython");
    m.put("org/openjdk/nashorn/api/scripting/NashornScriptEngineFactory", "Nashorn");
    m.put("org/mozilla/javascript/Context", "Rhino");
    m.put("bsh/Interpreter", "BeanShell");
    m.put("org/graalvm/polyglot/Context", "GraalVM's polyglot engine (GraalJS, GraalPy), whose guest code may call "
        + "any Java API");
    m.put("net/sourceforge/pmd/lang/java/types/TypeSystem", "PMD, which resolves JDK types");
    m.put("edu/umd/cs/findbugs/FindBugs2", "SpotBugs, which reads JDK classes");
    m.put("com/tngtech/archunit/core/importer/ClassFileImporter", "ArchUnit, which reads JDK classes");
    // its ReflectionTypeSolver resolves the JDK types of the source it reads by reflection on the runtime: a
    // java.sql.Connection in that source stayed an UnsolvedSymbolException, silently
    m.put("com/github/javaparser/symbolsolver/resolution/typesolvers/ReflectionTypeSolver",
        "JavaParser's symbol solver, which resolves JDK types");
    // decompilers resolve the JDK types the code they decompile names (casts, try-with-resources) from the runtime
    m.put("org/benf/cfr/reader/state/ClassFileSourceImpl", "CFR, which reads JDK classes");
    m.put("org/jetbrains/java/decompiler/struct/StructContext", "Fernflower or Vineflower, which reads JDK classes");
    m.put("com/strobel/assembler/metadata/ClasspathTypeLoader", "Procyon, which reads JDK classes");
    m.put("jdk/jshell/", "JShell, whose snippets javac compiles");
    // sbt's launcher (2,200 classes) loads sbt and the Scala compiler from its boot directory at run time: its
    // runtime lacked java.logging ("NoClassDefFoundError: java/util/logging/Logger" as sbt started)
    m.put("xsbt/boot/Boot", "sbt's launcher, whose sbt and Scala compiler load at run time");
    // JBang compiles scripts by starting <java.home>/bin/javac and bin/jar: "Cannot run program .../rt/bin/javac"
    m.put("dev/jbang/Main", "JBang, whose scripts the runtime's javac compiles and which load at run time");
    // Frameworks that load their plugins' jars at run time, from outside the class path this scan reads: an OSGi
    // framework exports to its bundles the packages of the runtime's modules, so a bundle importing
    // javax.xml.parsers does not resolve in a runtime without java.xml ("Unable to resolve ... missing requirement
    // osgi.wiring.package=javax.xml.parsers"), and the framework keeps running without it.
    m.put("org/apache/felix/framework/Felix", "the Apache Felix OSGi framework, whose bundles load at run time");
    m.put("org/eclipse/osgi/internal/framework/EquinoxContainer",
        "the Eclipse Equinox OSGi framework, whose bundles load at run time");
    m.put("org/apache/karaf/main/Main", "Apache Karaf, whose OSGi framework and bundles load at run time");
    m.put("org/pf4j/AbstractPluginManager", "PF4J, whose plugins load at run time");
    m.put("org/jboss/modules/ModuleLoader", "JBoss Modules, whose modules load at run time");
    m.put("org/apache/kafka/connect/runtime/isolation/DelegatingClassLoader",
        "Kafka Connect, whose connectors load at run time from plugin.path");
    m.put("io/trino/server/PluginManager", "Trino's server, whose plugins load at run time");
    m.put("org/apache/maven/plugin/internal/DefaultMavenPluginManager",
        "Maven's core, whose build plugins load at run time from the local repository");
    m.put("hudson/PluginManager", "Jenkins, whose plugins load at run time");
    m.put("org/elasticsearch/plugins/PluginsService", "Elasticsearch's server, whose modules and plugins load at run time");
    m.put("org/opensearch/plugins/PluginsService", "OpenSearch's server, whose modules and plugins load at run time");
    // test runners as the app: the tests come from a class path given at run time (--class-path, -testclass)
    m.put("org/junit/platform/console/ConsoleLauncher",
        "the JUnit Platform console launcher, whose tests load at run time from the class path it is given");
    m.put("org/testng/TestNG", "TestNG, whose tests load at run time from the class path it is given");
    // PIT runs them in a JVM of its own (java.home's): its minion got NoClassDefFoundError: java/sql/Date
    m.put("org/pitest/mutationtest/commandline/MutationCoverageReport", "PIT's command line, whose tests and the code"
        + " they mutate load at run time, in a JVM of the runtime's, from the class path it is given");
    return m;
  }

  /** Whether the app's classes use TLS: javax.net.ssl, java.net.http, or URL connections (https URLs). */
  static boolean usesTls(ClassPathScan scan) {
    return scan.refersTo("javax/net/ssl/") || scan.refersTo("java/net/http/")
        || scan.refersTo("java/net/URL") && scan.refersTo("java/net/HttpURLConnection");
  }

  /**
   * @param launcher whether the app's own class path (not the agents its JVM options carry) is a launcher
   *     ({@link #isLauncher})
   */
  static void apply(AppInput app, ClassPathScan scan, boolean launcher, Set<String> available,
      Map<String, String> why) {
    Rule r = new Rule(available, why);
    boolean tls = usesTls(scan);
    r.add(tls, "jdk.crypto.ec", "the app uses TLS (javax.net.ssl, java.net.http or https URLs); most servers "
        + "negotiate its elliptic-curve ciphers");
    r.add(scan.hasString(EC_NAMES), "jdk.crypto.ec", "the app names an elliptic-curve algorithm (EC, Ed25519, ...)");
    // TLS and EC keys reached without naming either (Java 17's SunEC is not in java.base): a URL from the command
    // line (URL.openStream of an https URL failed at the handshake, "handshake_failure", against an EC-only
    // server), an ldaps:// JNDI URL, an EC key in a key store (KeyStoreLoginModule: "EC KeyFactory not available")
    r.add(scan.memberRefs().containsKey("java/net/URL.openStream") || scan.memberRefs().containsKey("java/net/URL.openConnection"),
        "jdk.crypto.ec", "the app opens URLs (java.net.URL), which may be https; most servers negotiate "
            + "elliptic-curve ciphers");
    // The JDK opens URLs itself for what it is handed: a parser's or transformer's system ID, an external DTD or
    // schema (DocumentBuilder.parse("https://...") failed at the handshake), an image or a sound read from a URL
    r.add(scan.refersTo("javax/xml/parsers/") || scan.refersTo("javax/xml/transform/")
        || scan.refersTo("javax/xml/validation/") || scan.refersTo("javax/xml/stream/")
        || scan.refersTo("org/xml/sax/XMLReader") || scan.memberRefs().containsKey("javax/imageio/ImageIO.read")
        || scan.memberRefs().containsKey("java/awt/Toolkit.getImage")
        || scan.memberRefs().containsKey("javax/sound/sampled/AudioSystem.getAudioInputStream"), "jdk.crypto.ec",
        "the app reads XML, images or sound, which the JDK fetches itself from the URLs it is given (a system ID, an "
            + "external DTD or schema), https among them; most servers negotiate elliptic-curve ciphers");
    r.add(scan.refersTo("javax/naming/directory/") || scan.refersTo("javax/naming/ldap/"), "jdk.crypto.ec",
        "the app uses directories through JNDI, whose ldaps:// URLs are TLS; most servers negotiate elliptic-curve "
            + "ciphers");
    boolean jaas = scan.refersTo("javax/security/auth/login/LoginContext")
        || scan.refersTo("javax/security/auth/login/Configuration");
    r.add(scan.refersTo("java/security/KeyStore") || jaas, "jdk.crypto.ec", "the app loads key stores ("
        + (scan.refersTo("java/security/KeyStore") ? "java.security.KeyStore" : "JAAS's KeyStoreLoginModule may")
        + "), whose keys may be elliptic-curve keys");
    // The JDK checks a signed jar's signature as it opens the jar, with the provider of the signing key's algorithm;
    // without SunEC an EC- or EdDSA-signed jar is taken as unsigned, without a word (getCodeSigners() is null).
    r.add(scan.signatures().containsKey("EC"), "jdk.crypto.ec", scan.signatures().get("EC") + " is signed with an "
        + "elliptic-curve key, whose signature the JDK checks with SunEC (without it the jar counts as unsigned)");
    r.add(scan.refersTo("java/nio/file/FileSystems") || scan.refersTo("java/nio/file/spi/FileSystemProvider"),
        "jdk.zipfs", "the app opens file systems (java.nio.file.FileSystems); zip and jar file systems live in jdk.zipfs");
    r.add(app.manifestAttributes().containsKey("Launcher-Agent-Class"), "java.instrument",
        "the jar's manifest names a Launcher-Agent-Class");
    // JAAS loads its login modules by the class names in a configuration file (java.security.auth.login.config,
    // or one the app writes): UnixLoginModule, Krb5LoginModule, KeyStoreLoginModule, LdapLoginModule all live in
    // jdk.security.auth, which no class of the app refers to ("No LoginModule found for ...UnixLoginModule").
    r.add(jaas, "jdk.security.auth",
        "the app logs in through JAAS (javax.security.auth.login); the JDK's login modules, named in a "
            + "configuration file, live in jdk.security.auth");
    // GSS-API's Kerberos logs in by itself where no Subject holds the app's credentials (useSubjectCredsOnly=false;
    // HTTP's Negotiate, which java.base loads from java.security.jgss by name when a server asks for it), through the
    // JDK's Krb5LoginModule: HttpURLConnection got a 401 where java got 200, "No LoginModule found" under it.
    // Kerberos settings among the strings or JVM options (-Djava.security.krb5.conf) say the app authenticates so.
    String kerberos = KERBEROS_SETTINGS.stream().filter(s -> scan.hasString(Set.of(s))).findFirst().orElse(null);
    r.add(scan.refersTo("org/ietf/jgss/") || kerberos != null, "jdk.security.auth", (kerberos != null
        ? "the app configures Kerberos (" + kerberos + ")" : "the app uses GSS-API (org.ietf.jgss)")
        + ", which logs in through the JDK's Krb5LoginModule (jdk.security.auth, with java.security.jgss) when no "
        + "Subject holds the credentials, as for HTTP's Negotiate");
    // Revocation checks fetch a certificate's CRL from its distribution points (com.sun.security.enableCRLDP), an
    // ldap:// one through the LDAP CertStore java.base finds by name in java.naming: without it, "Could not determine
    // revocation status", and a SOFT_FAIL checker accepted a revoked certificate java rejects.
    String revocation = REVOCATION.stream().filter(c -> c.contains("/") ? scan.refersTo(c) : scan.hasString(Set.of(c)))
        .findFirst().orElse(scan.hasString(Set.of("ldap")) && scan.memberRefs().containsKey(
            "java/security/cert/CertStore.getInstance") ? "CertStore.getInstance(\"LDAP\")" : null);
    r.add(revocation != null, "java.naming", "the app checks certificates' revocation (" + (revocation == null ? ""
        : revocation.replace('/', '.')) + "), whose CRLs at ldap:// distribution points the JDK's LDAP CertStore "
        + "fetches, from java.naming");
    // Providers found by name: PKCS#11 (an HSM, a smart card, NSS) is Security.getProvider("SunPKCS11") or
    // KeyStore.getInstance("PKCS11"), null and KeyStoreException without jdk.crypto.cryptoki; Kerberos over SASL
    // (an LDAP bind, Kafka's or ZooKeeper's sasl.mechanism=GSSAPI) is a mechanism jdk.security.jgss provides, and
    // Sasl.createSaslClient returns null without it.
    r.add(scan.hasString(Set.of("sunpkcs11", "pkcs11")), "jdk.crypto.cryptoki",
        "the app names the PKCS#11 provider or key store (SunPKCS11), which is looked up by name");
    // The JDK's other providers by their names (a java.security override's security.provider.N, read with the
    // app's strings, or Security.getProvider): each in a module of its own, and without it silently absent from
    // the list, where the provider that takes its place can change what the app gets
    PROVIDERS.forEach((name, module) -> r.add(scan.hasString(Set.of(name.toLowerCase(java.util.Locale.ROOT))),
        module, "the app names the security provider " + name + ", which is looked up by name"));
    r.add(scan.hasString(Set.of("gssapi")) && (scan.refersTo("javax/security/sasl/") || why.containsKey("java.naming")),
        "jdk.security.jgss", "the app names the GSSAPI (Kerberos) mechanism of SASL, which is looked up by name");
    // Documents that name their own encoding: an XML declaration (<?xml encoding="windows-1256"?>: "Unsupported
    // EncodingException: Cp1256" where java parses it), a mail's MIME charset. Shift_JIS, EUC-KR, GBK, Big5 and
    // the Arabic and Hebrew code pages are jdk.charsets' (0.4 MB), not java.base's.
    r.add(scan.refersTo("javax/xml/parsers/") || scan.refersTo("javax/xml/stream/XMLInputFactory")
        || scan.refersTo("org/xml/sax/XMLReader") || scan.refersTo("javax/xml/transform/stream/StreamSource"),
        "jdk.charsets", "the app parses XML, whose documents name their own encoding (<?xml encoding=\"Shift_JIS\"?>),"
            + " which may be one only jdk.charsets provides");
    r.add(scan.refersTo("javax/mail/internet/") || scan.refersTo("jakarta/mail/internet/"), "jdk.charsets",
        "the app reads mail, whose parts name their own charset, which may be one only jdk.charsets provides");
    r.add(scan.hasString(EXTENDED_CHARSETS), "jdk.charsets",
        "the app names a charset that only jdk.charsets provides (" + firstMatch(scan, EXTENDED_CHARSETS) + ")");
    String locale = scan.memberRefs().keySet().stream().filter(m -> m.startsWith("java/util/Locale."))
        .filter(m -> {
          String f = m.substring("java/util/Locale.".length());
          return f.equals(f.toUpperCase(Locale.ROOT)) && !ENGLISH_LOCALES.contains(f);
        }).findFirst().orElse(null);
    r.add(locale != null, "jdk.localedata", "the app formats for a non-English locale (" + uses(scan, locale) + ")");
    // A locale parsed from a tag at run time (a command-line option, an Accept-Language header) is as likely to be
    // fr-FR as en-US: without jdk.localedata it formats in English, silently.
    String byTag = LOCALE_BY_TAG.stream().filter(scan.memberRefs()::containsKey).findFirst().orElse(null);
    r.add(byTag != null, "jdk.localedata", "the app picks locales by tag at run time (" + uses(scan, byTag) + ")");
    // A FreeMarker template sets its own locale (<#setting locale="de_DE">), which the engine makes from that string
    r.add(scan.defines("freemarker/template/Configuration"), "jdk.localedata", "the app renders FreeMarker templates ("
        + scan.defined().get("freemarker/template/Configuration") + "), which set their own locale (<#setting locale=...>)"
        + " at run time");
    // An XSLT stylesheet names its languages itself: xsl:sort lang="sv" collates with Swedish rules and xsl:number
    // lang= counts in that language, through jdk.localedata (without it, English order, silently). Only the calls
    // that compile a stylesheet count: newTransformer() without one, the identity copy, takes no language.
    String xslt = STYLESHEETS.stream().filter(scan.memberRefs()::containsKey).findFirst().orElse(null);
    r.add(xslt != null, "jdk.localedata", "the app runs XSLT stylesheets (" + uses(scan, xslt) + "), whose xsl:sort "
        + "and xsl:number take their language (lang) from the stylesheet at run time");
    // Saxon's own API (s9api), which its command lines (net.sf.saxon.Transform, Query) use instead of JAXP: a
    // stylesheet's or query's collation (UCA?lang=sv) and format-date languages, English without, silently
    String saxon = SAXON_COMPILERS.stream().filter(scan::refersTo).findFirst().orElse(null);
    r.add(saxon != null, "jdk.localedata", "the app compiles XSLT or XQuery with Saxon (" + (saxon == null ? ""
        : saxon.replace('/', '.') + ", in " + scan.referrer(saxon)) + "), whose collations and format-date take "
        + "their language from the stylesheet or query at run time");
    r.add(why.containsKey("java.naming") && scan.strings().keySet().stream().anyMatch(s -> s.startsWith("dns:")),
        "jdk.naming.dns", "the app looks up dns: names through JNDI");
    // JNDI finds the rmi: URL context by scheme in jdk.naming.rmi, and a JMX client or server's standard address
    // (service:jmx:rmi:///jndi/rmi://host:port/jmxrmi) is one: without it "NoInitialContextException" on connect.
    boolean jmxRemote = scan.refersTo("javax/management/remote/JMXConnectorFactory")
        || scan.refersTo("javax/management/remote/JMXConnectorServerFactory");
    r.add(jmxRemote || why.containsKey("java.naming") && scan.strings().keySet().stream()
            .anyMatch(s -> s.startsWith("rmi:") || s.contains("/jndi/rmi:")),
        "jdk.naming.rmi", jmxRemote ? "the app connects or serves JMX remotely, whose standard address is an rmi: "
            + "name looked up through JNDI" : "the app looks up rmi: names through JNDI");
    r.add(why.containsKey("java.management"), "jdk.management",
        "the app uses JMX (java.management); the platform's extended MXBeans (com.sun.management) live in jdk.management");
    r.add(scan.refersTo("javax/management/remote/")
        || scan.strings().keySet().stream().anyMatch(s -> s.startsWith("com.sun.management.jmxremote")),
        "jdk.management.agent", "the app starts JMX remote access");
    // A service that uses JMX is one its operators watch over JMX: -Dcom.sun.management.jmxremote.port in
    // JAVA_TOOL_OPTIONS, set where it runs, stops the JVM at its start without this module ("Module
    // jdk.management.agent not found": a Hazelcast member never came up), where under java it opens the port.
    // 0.8 MB compressed, only for services that have java.management already.
    String listens = listener(scan);
    r.add(why.containsKey("java.management") && listens != null,
        "jdk.management.agent", "the app is a service (it listens on a socket: " + listens + ") that uses JMX "
            + "(java.management): -Dcom.sun.management.jmxremote.port in JAVA_TOOL_OPTIONS opens remote JMX in it, "
            + "as under java");
    // and over that remote JMX, Mission Control starts flight recordings through the FlightRecorder MBean, which
    // lives in jdk.management.jfr: without it the domain is missing, silently (0.1 MB)
    r.add(why.containsKey("java.management") && listens != null,
        "jdk.management.jfr", "the app is a service that uses JMX: a monitor on its remote JMX (Mission Control) "
            + "controls flight recordings through the FlightRecorder MBean, as under java");
    // A JMX bridge or exporter (Jolokia, the Prometheus JMX exporter) serves whatever MBeans the platform server
    // holds, which under a JDK include the flight recorder's (jdk.management.jfr): queries of the platform server
    // are the sign. Without it a monitor's FlightRecorder MBean is not found, silently.
    // A service (it listens on a socket) runs long, and its operators profile it where it runs: `jcmd PID JFR.start`
    // needs the flight recorder's module in the runtime ("Module jdk.jfr not found"), 0.3 MB.
    r.add(listens != null, "jdk.jfr", "the app listens on a socket (a service: " + listens + "): "
        + "jcmd PID JFR.start starts a flight recording in it, as under java");
    // JMH's flight recorder profiler (-prof jfr) starts and dumps a recording in each fork with java.home's
    // bin/jcmd: without it "Cannot find jcmd anywhere", where the other profilers run
    boolean jmhJfr = scan.defines("org/openjdk/jmh/profile/JavaFlightRecorderProfiler");
    for (String m : List.of("jdk.jcmd", "jdk.jfr")) {
      r.add(jmhJfr, m, "the app is JMH benchmarks, whose -prof jfr drives its forks' recordings with bin/jcmd");
    }
    boolean queries = PLATFORM_QUERIES.stream().anyMatch(scan.memberRefs()::containsKey);
    boolean bridge = queries
        && scan.memberRefs().containsKey("java/lang/management/ManagementFactory.getPlatformMBeanServer");
    r.add(bridge, "jdk.management.jfr", "the app queries the platform MBean server (a JMX bridge or exporter serves "
        + "every MBean, the flight recorder's among them)");
    // The DiagnosticCommand MBean (jcmd's commands over JMX: Thread.print, GC.class_histogram) is built from every
    // command the JVM registers, the flight recorder's among them: without jdk.jfr it holds one operation,
    // jfrConfigure, and threadPrint is "not found" (java --limit-modules does the same), 0.3 MB.
    String diagnostic = scan.strings().containsKey(DIAGNOSTIC_COMMAND) ? "\"" + DIAGNOSTIC_COMMAND + "\""
        : scan.refersTo("com/sun/management/DiagnosticCommandMBean") ? "com.sun.management.DiagnosticCommandMBean"
        : null;
    r.add(diagnostic != null || bridge && why.containsKey("jdk.management"), "jdk.jfr", diagnostic != null
        ? "the app calls the DiagnosticCommand MBean (" + diagnostic + "), whose operations are only all there with "
            + "the flight recorder's module"
        : "the app queries the platform MBean server, whose DiagnosticCommand MBean has all its operations only with "
            + "the flight recorder's module");
    r.add(scan.memberRefs().containsKey("java/util/random/RandomGenerator.of")
        || scan.memberRefs().containsKey("java/util/random/RandomGeneratorFactory.of")
        || scan.memberRefs().containsKey("java/util/random/RandomGeneratorFactory.all"),
        "jdk.random", "the app looks up random generators by name");
    r.add(scan.memberRefs().containsKey("javax/tools/ToolProvider.getSystemJavaCompiler"), "jdk.compiler",
        "the app asks for the system Java compiler (javax.tools.ToolProvider)");
    r.add(scan.memberRefs().containsKey("javax/tools/ToolProvider.getSystemDocumentationTool"), "jdk.javadoc",
        "the app asks for the system documentation tool (javax.tools.ToolProvider)");
    boolean findsTools = scan.memberRefs().containsKey("java/util/spi/ToolProvider.findFirst");
    new java.util.TreeMap<>(TOOLS).forEach((tool, module) -> r.add(findsTools && scan.strings().containsKey(tool),
        module, "the app runs the JDK's " + tool + " tool by name (java.util.spi.ToolProvider.findFirst)"));
    // Code compiled or evaluated at run time (a JSP, a script, a .kt file, the JDK types PMD resolves) may name any
    // Java SE API, and the app's own classes cannot show which: such an app gets all of Java SE, as under a JDK.
    // The compiler must be on the class path, not only named: Spring's optional scripting support names BeanShell's
    // interpreter, and an app without bsh.jar would get all of Java SE for it.
    java.util.Optional<String> known = RUNTIME_CODE.keySet().stream()
        .filter(c -> c.endsWith("/") ? scan.refersTo(c) : scan.defines(c)).findFirst();
    String javacWhere = scan.memberRefs().containsKey("javax/tools/ToolProvider.getSystemJavaCompiler")
        ? scan.memberRefs().get("javax/tools/ToolProvider.getSystemJavaCompiler")
        : scan.referrer("com/sun/tools/javac/api/JavacTool");
    String entersWhere = JAVAC_ENTERS.stream().map(scan.memberRefs()::get).filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
    String javac = javacWhere != null ? "the system Java compiler (javax.tools), in " + javacWhere
        : entersWhere != null ? "javac's compiler (com.sun.tools.javac.main), in " + entersWhere
        : findsTools && scan.strings().containsKey("javac") ? "javac, through java.util.spi.ToolProvider, in "
            + scan.memberRefs().get("java/util/spi/ToolProvider.findFirst") : null;
    // (with the jar that has it: a user who finds the compiler there by accident can leave it out, or pin --modules)
    String runtimeCode = known.map(c -> RUNTIME_CODE.get(c) + ", in " + (c.endsWith("/") ? scan.referrer(c)
            : scan.defined().get(c)))
        .or(() -> java.util.Optional.ofNullable(scan.services().get(SCRIPT_ENGINE))
            .map(where -> "a script engine, " + where + ", whose scripts may call any Java API"))
        .orElse(javac);
    boolean wholeJdk = known.isPresent() ? WHOLE_JDK.contains(known.get())
        : javac != null && !scan.services().containsKey(SCRIPT_ENGINE);
    // (javac's classes alone are no sign: google-java-format parses with them and compiles nothing)
    // Spring Boot's ZIP layout starts through PropertiesLauncher, whose reason to be is loader.path: jars added at
    // run time (a system property, LOADER_PATH, BOOT-INF/classes/loader.properties) that no scan of the jar sees.
    String main = app.manifestAttributes().getOrDefault("Main-Class", "");
    if (runtimeCode == null && (main.equals("org.springframework.boot.loader.launch.PropertiesLauncher")
        || main.equals("org.springframework.boot.loader.PropertiesLauncher"))) {
      runtimeCode = "Spring Boot's PropertiesLauncher, which adds the jars of loader.path at run time";
      wholeJdk = true;
    }
    // A launcher jar that loads the application itself from elsewhere at run time (ActiveMQ Artemis's artemis-boot
    // puts $ARTEMIS_HOME/lib/*.jar into a URLClassLoader; Tomcat's bootstrap.jar likewise): its class path is a
    // handful of classes and the scan sees none of what runs (Artemis's runtime was java.base alone, and every
    // command stopped at NoClassDefFoundError: javax/naming/Referenceable). A bigger app with a class loader of its
    // own loads its own classes or plugins, which the plugin hosts above name.
    if (runtimeCode == null && launcher) {
      int n = scan.defined().size();
      runtimeCode = ModuleAnalyzer.runsFromItsHome(app) ? "a jar that loads the jars of its home at run time"
          : "a launcher of " + n + (n == 1 ? " class" : " classes") + " that loads jars through a URLClassLoader at "
          + "run time";
      wholeJdk = true;
    }
    r.add(runtimeCode != null, "java.se", "the app compiles or runs code at run time (" + runtimeCode
        + "), which may use any Java SE module");
    // and may format for any locale (a Janino class naming Locale.GERMANY, a script's new Locale("fr", "FR")), which
    // java.base alone does in English, silently. Analysers that only read JDK classes run none of that code.
    boolean analyser = runtimeCode != null && (runtimeCode.contains("JDK classes") || runtimeCode.contains("JDK types"));
    r.add(runtimeCode != null && !analyser, "jdk.localedata", "the app compiles or runs code at run time ("
        + runtimeCode + "), which may format for any locale");
    // After the rules that add javac, before the whole JDK below (whose reason says less): javac opens every jar of
    // the class path it compiles against through the zip file system provider, and without jdk.zipfs fails with "No
    // file system provider is available". JShell too: jlink brings jdk.compiler in only as one of jdk.jshell's
    // requirements, after these rules.
    r.add(why.containsKey("jdk.compiler") || why.containsKey("jdk.javadoc") || why.containsKey("jdk.jshell"),
        "jdk.zipfs", "the app runs javac (jdk.compiler" + (why.containsKey("jdk.jshell") ? ", through JShell" : "")
            + "), which reads the jars on its class path through the zip file system");
    // Tests, compiled code and plugins may use any module a JDK has, not only Java SE's (WHOLE_JDK): without them a
    // test runner reports failures or, for a class that does not load, runs fewer tests without a word, a compiler
    // rejects code that compiles under java, a WildFly server does not start. Java SE's come with java.se;
    // of the JDK's own, all but its internals (the Graal compiler's, 20 MB; those another module needs come with it)
    // and its debugger and desktop programs.
    // Languages and script engines get the JDK's APIs beyond Java SE but not its development tools. Analysers read
    // the classes of any of them, tools too (PMD resolving a jdk.jshell type silently missed a finding; SpotBugs
    // and CFR reported classes "missing"), and run none: no locale data for them.
    if (runtimeCode != null) {
      boolean language = !wholeJdk && !analyser;
      String which = wholeJdk ? "which may use any module of the JDK"
          : analyser ? "which may read the classes of any module of the JDK"
          : "which may use any module of the JDK but its development tools";
      for (String m : new java.util.TreeSet<>(available)) {
        r.add(m.startsWith("jdk.") && !m.startsWith("jdk.internal.") && !m.equals("jdk.hotspot.agent")
            && !m.equals("jdk.jconsole") && !(language && DEVELOPMENT_TOOLS.contains(m))
            && !(analyser && m.equals("jdk.localedata")), m,
            "the app compiles or runs code at run time (" + runtimeCode + "), " + which);
      }
    }
  }

  /** A launcher jar: a handful of classes that load the application's jars through a URLClassLoader at run time. */
  static boolean isLauncher(ClassPathScan scan) {
    return scan.defined().size() <= LAUNCHER_CLASSES
        && (scan.memberRefs().containsKey("java/net/URLClassLoader.<init>")
            || scan.memberRefs().containsKey("java/net/URLClassLoader.newInstance"));
  }

  private record Rule(Set<String> available, Map<String, String> why) {
    void add(boolean when, String module, String reason) {
      if (when && available.contains(module)) {
        why.putIfAbsent(module, reason);
      }
    }
  }

  /**
   * Which class makes the app a service, for the reasons, or null when none names a server socket: one that opens
   * one before one that merely names the type, as commons-io's closeQuietly(ServerSocket) does (a user reading the
   * reason can leave the service's modules out with --modules when the app serves nothing).
   */
  private static String listener(ClassPathScan scan) {
    if (SERVER_SOCKETS.stream().noneMatch(scan::refersTo)) {
      return null;
    }
    for (String m : LISTENS) {
      if (scan.memberRefs().containsKey(m)) {
        String owner = m.substring(m.lastIndexOf('/') + 1, m.indexOf('.'));
        String name = m.substring(m.indexOf('.') + 1);
        return scan.memberRefs().get(m) + " calls " + (name.equals("<init>") ? "new " + owner : owner + "." + name);
      }
    }
    String type = SERVER_SOCKETS.stream().filter(scan::refersTo).findFirst().orElseThrow();
    return scan.referrer(type) + " uses " + type.replace('/', '.');
  }

  /**
   * A JDK member the app uses, short, and the class that uses it first: {@code Locale.GERMAN, in a.Main (app.jar)}.
   */
  private static String uses(ClassPathScan scan, String member) {
    if (member == null) {
      return "";
    }
    String name = member.indexOf('(') < 0 ? member : member.substring(0, member.indexOf('('));
    return name.substring(name.lastIndexOf('/') + 1) + ", in " + scan.memberRefs().get(member);
  }

  private static String firstMatch(ClassPathScan scan, Set<String> lowerCase) {
    return scan.strings().keySet().stream().filter(s -> lowerCase.contains(s.toLowerCase(Locale.ROOT))).findFirst()
        .orElse("");
  }

  private static Set<String> extendedCharsets() {
    try (InputStream in = ProviderRules.class.getResourceAsStream("extended-charsets.txt")) {
      if (in == null) {
        throw new HermitException("hermit is damaged: extended-charsets.txt is missing from its jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
          .flatMap(l -> Arrays.stream(l.trim().split("\\s+"))).filter(w -> !w.isEmpty())
          .map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new HermitException("hermit is damaged: cannot read extended-charsets.txt: " + e.getMessage());
    }
  }
}
