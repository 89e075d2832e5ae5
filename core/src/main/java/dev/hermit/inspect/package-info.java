/**
 * {@code hermit inspect}: what an executable needs to run, found without running it. {@link
 * dev.hermit.inspect.Inspector} reads a file with the {@code dev.hermit.binary} readers, resolves an ELF file's
 * libraries like glibc's ld.so inside a sysroot ({@link dev.hermit.inspect.LibraryResolver}), and reads the payload
 * of a hermit executable through {@code dev.hermit.payload}. The result is an {@link
 * dev.hermit.inspect.InspectReport}; {@link dev.hermit.inspect.ReportJson} writes it as JSON. Nothing here prints.
 *
 * <p>Dependencies: {@code inspect → binary, payload, app} (the native-library scan of the payload's jars); no
 * package depends on {@code inspect} but {@code libc}, for {@link dev.hermit.inspect.LibraryResolver}.
 */
package dev.hermit.inspect;
