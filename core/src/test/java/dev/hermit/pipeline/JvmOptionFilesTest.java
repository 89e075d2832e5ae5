package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration files the JVM options name: carried when here, else kept as a run-time path, and the build says so. */
class JvmOptionFilesTest {
  @TempDir Path dir;
  AppInput app;
  final List<String> warnings = new ArrayList<>();
  final BuildListener listener = e -> {
    if (e instanceof BuildEvent.Warning w) {
      warnings.add(w.message());
    }
  };

  @BeforeEach
  void app() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    app = new AppInput("a", "a.Main", null, List.of("app/classes"), Map.of(classes, "app/classes"), List.of(classes),
        Map.of());
  }

  @Test
  void aLoggingConfigurationThatIsNotHereIsSaidToBeReadWhereTheOutputRuns() throws IOException {
    Path here = Files.writeString(dir.resolve("log4j2.xml"), "<Configuration/>");
    List<String> given = List.of("-Dlog4j2.configurationFile=" + here, "-Dlogback.configurationFile=/etc/app/logback.xml",
        "-Djava.util.logging.config.file=conf/missing.properties", "-Dlog4j2.configurationFile=classpath:log4j2.xml");
    JvmOptionFiles.Result r = JvmOptionFiles.carry(given, app, listener);

    assertEquals(List.of("-Dlog4j2.configurationFile=${HERMIT_ROOT}/app/jvm/log4j2.xml",
        "-Dlogback.configurationFile=/etc/app/logback.xml", "-Djava.util.logging.config.file=conf/missing.properties",
        "-Dlog4j2.configurationFile=classpath:log4j2.xml"), r.options());
    assertEquals(List.of("-Dlogback.configurationFile=/etc/app/logback.xml names no file here, so none is carried: the "
        + "output reads /etc/app/logback.xml on the machine it runs on, and the logging framework falls back to its "
        + "defaults where it is missing", "-Djava.util.logging.config.file=conf/missing.properties names no file here, "
        + "so none is carried: the output reads conf/missing.properties from the directory it runs in, and the logging "
        + "framework falls back to its defaults where it is missing"), warnings);
  }

  /**
   * A file an agent's options name (Prometheus' JMX exporter: -javaagent:jmx_prometheus_javaagent.jar=12345:config.yaml)
   * travels with the agent: the output ran only where config.yaml was at the same path. The rest of the options stay.
   */
  @Test
  void aFileAnAgentsOptionsNameIsCarriedWithTheAgent() throws IOException {
    Path agent = Files.writeString(dir.resolve("exporter.jar"), "not read here");
    Path config = Files.writeString(dir.resolve("config.yaml"), "rules: []\n");
    JvmOptionFiles.Result r = JvmOptionFiles.carry(List.of("-javaagent:" + agent + "=12345:" + config,
        "-javaagent:" + agent + "=port=9404,missing.yaml"), app, listener);
    assertEquals(List.of("-javaagent:${HERMIT_ROOT}/app/jvm/exporter.jar=12345:${HERMIT_ROOT}/app/jvm/config.yaml",
        "-javaagent:${HERMIT_ROOT}/app/jvm/exporter.jar=port=9404,missing.yaml"), r.options(), "the agent once");
    assertEquals("app/jvm/config.yaml", r.app().files().get(config));
    assertEquals(List.of(), warnings);
  }

  /**
   * A file an agent writes is not carried, though a run under java left it here: JaCoCo's coverage went into the
   * cache entry's copy of jacoco.exec, and the working directory got none. An agent's configuration file named by
   * its property (OpenTelemetry's) is carried, as a logging configuration is.
   */
  @Test
  void aFileAnAgentWritesStaysAsGivenAndItsConfigurationIsCarried() throws IOException {
    Path agent = Files.writeString(dir.resolve("jacocoagent.jar"), "not read here");
    Path exec = Files.writeString(dir.resolve("jacoco.exec"), "coverage of an earlier run");
    Path otel = Files.writeString(dir.resolve("otel.properties"), "otel.traces.exporter=logging\n");
    JvmOptionFiles.Result r = JvmOptionFiles.carry(List.of("-javaagent:" + agent + "=destfile=" + exec
        + ",append=false", "-Dotel.javaagent.configuration-file=" + otel), app, listener);
    assertEquals(List.of("-javaagent:${HERMIT_ROOT}/app/jvm/jacocoagent.jar=destfile=" + exec + ",append=false",
        "-Dotel.javaagent.configuration-file=${HERMIT_ROOT}/app/jvm/otel.properties"), r.options());
    assertEquals(null, r.app().files().get(exec));
    assertEquals("app/jvm/otel.properties", r.app().files().get(otel));
  }

  /**
   * The JDK's security configuration files travel as logging configurations do: a JAAS login configuration given
   * relative to the build's directory was read only there ("jaas.conf (No such file or directory)"). The "==" form,
   * which replaces the JDK's own, keeps its meaning.
   */
  @Test
  void theJdksSecurityConfigurationFilesAreCarriedToo() throws IOException {
    Path jaas = Files.writeString(dir.resolve("jaas.conf"), "App { com.sun.security.auth.module.UnixLoginModule required; };");
    Path krb5 = Files.writeString(dir.resolve("krb5.conf"), "[libdefaults]\n default_realm = EXAMPLE.COM\n");
    JvmOptionFiles.Result r = JvmOptionFiles.carry(List.of("-Djava.security.auth.login.config==" + jaas,
        "-Djava.security.krb5.conf=" + krb5, "-Djava.security.properties=/etc/app/extra.security"), app, listener);
    assertEquals(List.of("-Djava.security.auth.login.config==${HERMIT_ROOT}/app/jvm/jaas.conf",
        "-Djava.security.krb5.conf=${HERMIT_ROOT}/app/jvm/krb5.conf",
        "-Djava.security.properties=/etc/app/extra.security"), r.options());
    assertEquals("app/jvm/jaas.conf", r.app().files().get(jaas));
    assertEquals(List.of("-Djava.security.properties=/etc/app/extra.security names no file here, so none is carried: "
        + "the output reads /etc/app/extra.security on the machine it runs on, as java would where it is missing"),
        warnings);
  }

  /**
   * A trust store given with -J travels too: left on the build host, the output fell back to the runtime's cacerts
   * wherever else it ran, silently ("PKIX path building failed" for the app's own CA). A key store, which holds
   * private keys, stays a path of the machine that runs the output; NONE (a PKCS#11 token's) is no file.
   */
  @Test
  void aTrustStoreIsCarriedAndAKeyStoreIsNot() throws IOException {
    Path trust = Files.writeString(dir.resolve("trust.jks"), "a store");
    Path keys = Files.writeString(dir.resolve("keys.p12"), "private keys");
    JvmOptionFiles.Result r = JvmOptionFiles.carry(List.of("-Djavax.net.ssl.trustStore=" + trust,
        "-Djavax.net.ssl.keyStore=" + keys, "-Djavax.net.ssl.trustStore=NONE"), app, listener);
    assertEquals(List.of("-Djavax.net.ssl.trustStore=${HERMIT_ROOT}/app/jvm/trust.jks",
        "-Djavax.net.ssl.keyStore=" + keys, "-Djavax.net.ssl.trustStore=NONE"), r.options());
    assertEquals("app/jvm/trust.jks", r.app().files().get(trust));
    assertEquals(null, r.app().files().get(keys));
    assertEquals(List.of(), warnings);
  }
}
