/**
 * Readers for executable formats: {@code elf}, {@code pe} and {@code macho}, each with an open-a-file entry point
 * ({@code read(Path)}) and a read-from-any-source one ({@code read(SeekableByteChannel)}), over the
 * bounds-checked {@link dev.hermit.binary.BinaryInput}. Errors are {@link dev.hermit.binary.BinaryFormatException}
 * with the byte offset; enum-like values ({@code ElfMachine}, {@code PeMachine}, …) keep and print unknown numbers.
 *
 * <p>Dependencies: this package and its subpackages depend on the JDK only. {@code dev.hermit.inspect} depends on
 * them and on {@code dev.hermit.payload}; nothing here depends on {@code inspect}.
 */
package dev.hermit.binary;
