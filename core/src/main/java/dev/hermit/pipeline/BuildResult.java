package dev.hermit.pipeline;

import dev.hermit.app.ModuleDecision;
import dev.hermit.platform.Target;
import java.nio.file.Path;

/** What a build wrote. {@code sizes}: where the bytes go (the payload tree by part). */
public record BuildResult(Path output, long size, Target target, ModuleDecision modules, String payloadSha256,
    SizeReport sizes) {}
