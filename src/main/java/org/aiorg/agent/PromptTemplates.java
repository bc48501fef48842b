package org.aiorg.agent;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.aiorg.task.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jinja templates ({@code prompts/*.j2}): one per role plus {@code classifier} and
 * {@code relevance}. Built into the jar; a prompts folder replaces them file by file. Every
 * template is checked when the service starts, with a sample context and unknown names treated
 * as errors, so that a typo stops the start with the file and line instead of failing tasks later.
 */
public final class PromptTemplates {

    private static final Logger log = LoggerFactory.getLogger(PromptTemplates.class);

    public static final String CLASSIFIER = "classifier";
    public static final String RELEVANCE = "relevance";

    /** Every template name, without {@code .j2}. */
    public static final List<String> NAMES = Stream.concat(Stream.of(Role.values()).map(Role::wire),
            Stream.of(CLASSIFIER, RELEVANCE)).toList();

    private record Template(String source, String text) {}

    private static final JinjavaConfig CONFIG = config(false);
    private static final int MAX_POOLED = 256;

    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Jinjava jinjava = new Jinjava(CONFIG);
    private final ConcurrentLinkedQueue<Context> contexts = new ConcurrentLinkedQueue<>();

    /** Loads and validates every template; throws {@link PromptTemplateException} naming each file and line at fault. */
    public PromptTemplates(Path dir) {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new PromptTemplateException("Prompts folder " + dir.toAbsolutePath() + " does not exist or is not a folder");
        }
        List<String> overridden = new ArrayList<>();
        for (String name : NAMES) {
            Path file = dir == null ? null : dir.resolve(name + ".j2");
            if (file != null && Files.isRegularFile(file)) {
                templates.put(name, new Template(file.toAbsolutePath().toString(), read(file)));
                overridden.add(name);
            } else {
                templates.put(name, new Template("prompts/" + name + ".j2 (built in)", builtIn(name)));
            }
        }
        if (dir != null) {
            log.info("Prompts: {} of {} templates from {}{}", overridden.size(), NAMES.size(), dir.toAbsolutePath(),
                    overridden.size() < NAMES.size() ? ", the others built in" : "");
        }
        validate();
    }

    private static JinjavaConfig config(boolean strict) {
        return JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).withFailOnUnknownTokens(strict)
                .withMaxOutputSize(1_000_000).build();
    }

    /** Renders a template; errors name the file and line. */
    public String render(String name, Map<String, ?> context) {
        Template t = templates.get(name);
        if (t == null) {
            throw new PromptTemplateException("No prompt template named '" + name + "' (known: " + NAMES + ")");
        }
        // Jinjava's renderForResult copies its global context (every filter, tag and function) on
        // each call, which costs more than the rendering; copies are pooled and reset instead.
        Context parent = contexts.poll();
        if (parent == null) {
            parent = jinjava.getGlobalContextCopy();
        }
        String output;
        List<TemplateError> errors;
        try {
            JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, new Context(parent, context, CONFIG.getDisabled()), CONFIG);
            JinjavaInterpreter.pushCurrent(interpreter);
            try {
                output = interpreter.render(t.text());
                errors = interpreter.getErrorsCopy();
            } finally {
                JinjavaInterpreter.popCurrent();
            }
        } finally {
            parent.reset();
            if (contexts.size() < MAX_POOLED) {
                contexts.offer(parent);
            }
        }
        List<String> problems = problems(t, errors, false);
        if (!problems.isEmpty()) {
            throw new PromptTemplateException("Prompt template error: " + String.join("; ", problems));
        }
        return output.strip();
    }

    private void validate() {
        Jinjava strict = new Jinjava(config(true));
        List<String> problems = new ArrayList<>();
        for (var e : templates.entrySet()) {
            try {
                problems.addAll(problems(e.getValue(), strict.renderForResult(e.getValue().text(), PromptContext.sample(e.getKey()))
                        .getErrors(), true));
            } catch (RuntimeException ex) {
                problems.add(e.getValue().source() + ": " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PromptTemplateException("Invalid prompt template(s): " + String.join("; ", problems));
        }
    }

    /** Fatal errors always count; when validating, so do syntax warnings (a stray end tag) and unknown names. */
    private static List<String> problems(Template t, List<TemplateError> errors, boolean validating) {
        List<String> out = new ArrayList<>();
        for (TemplateError e : errors) {
            boolean fatal = e.getSeverity() == TemplateError.ErrorType.FATAL
                    || validating && (e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR
                            || e.getReason() == TemplateError.ErrorReason.UNKNOWN);
            if (fatal) {
                out.add(t.source() + " line " + e.getLineno() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PromptTemplateException("Cannot read prompt template " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    private static String builtIn(String name) {
        try (InputStream in = PromptTemplates.class.getResourceAsStream("/prompts/" + name + ".j2")) {
            if (in == null) {
                throw new PromptTemplateException("Built-in prompt template prompts/" + name + ".j2 is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PromptTemplateException("Cannot read built-in prompt template prompts/" + name + ".j2: " + e.getMessage());
        }
    }
}
