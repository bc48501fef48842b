package org.aiorg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** LLM and prompt options shared by {@code serve} and {@code worker}. */
class AgentOptions {

    @Option(names = "--synthetic",
            description = "Use the synthetic LLM stand-in even if AIORG_LLM_BASE_URL is set (it is the default without one)")
    boolean synthetic;

    @Option(names = "--synthetic-latency", paramLabel = "DURATION",
            description = "How long each synthetic LLM call takes, e.g. 250ms, 1s (default 0)")
    String syntheticLatency;

    @Option(names = "--prompts", paramLabel = "DIR",
            description = "Folder of prompt templates (*.j2) replacing the built-in ones (env AIORG_PROMPTS_DIR)")
    Path prompts;

    void putInto(Map<String, Object> props, CommandLine cmd) {
        if (synthetic) {
            props.put("aiorg.llm.synthetic", true);
        }
        if (syntheticLatency != null) {
            try {
                if (DurationStyle.detectAndParse(syntheticLatency).isNegative()) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd,
                        "--synthetic-latency: '" + syntheticLatency + "' is not a duration (e.g. 500ms, 1s, 2m)");
            }
            props.put("aiorg.llm.synthetic-latency", syntheticLatency);
        }
        if (prompts != null) {
            if (!Files.isDirectory(prompts)) {
                throw new CommandLine.ParameterException(cmd, "--prompts: " + prompts.toAbsolutePath() + " is not a folder");
            }
            props.put("aiorg.prompts.dir", prompts.toAbsolutePath().toString());
        }
    }
}
