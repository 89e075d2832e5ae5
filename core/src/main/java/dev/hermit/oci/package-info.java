/**
 * OCI images of hermit executables, written without a container daemon: {@link dev.hermit.oci.OciImage} writes an
 * {@link dev.hermit.oci.ImageRequest} (one or more (target, executable) pairs, labels, a creation time) as an OCI
 * image layout or an {@code oci-archive}, byte-reproducibly. The layer is a ustar ({@code TarWriter}) in a gzip
 * stream with a fixed header ({@code Gzip}). Nothing here prints.
 *
 * <p>Dependencies: {@code oci → platform, json, payload} (labels from an executable's build information); nothing
 * in core depends on {@code oci}: front ends call it after a build.
 */
package dev.hermit.oci;
