package dev.hermit.pipeline;

import dev.hermit.app.ModuleDecision;
import dev.hermit.platform.Target;
import java.nio.file.Path;

/** What a build wrote. */
public record BuildResult(Path output, long size, Target target, ModuleDecision modules, String payloadSha256) {}
