package dev.hermit.provision;

import java.nio.file.Path;
import java.util.List;

/**
 * A target's JDK and C library, unpacked from Debian packages into one directory that is the sysroot.
 *
 * @param root the sysroot
 * @param jdk the JDK inside it
 * @param suite the Debian suite the packages came from
 * @param packages what was unpacked, with versions and hashes
 */
public record Sdk(Path root, Path jdk, String suite, List<DebPackage> packages) {}
