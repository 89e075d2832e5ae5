package dev.hermit.provision;

/** One Debian package as the signed index describes it, and as the build info records it. */
public record DebPackage(String name, String version, String arch, String filename, String sha256, long size) {
  /** The cache's file name for it, as apt names downloads ({@code :} of an epoch written {@code %3a}). */
  String cacheName() {
    return name + "_" + version.replace(":", "%3a") + "_" + arch + ".deb";
  }
}
