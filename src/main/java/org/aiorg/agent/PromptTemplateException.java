package org.aiorg.agent;

/** A prompt template that does not parse or render; the message names the file and the line. */
public class PromptTemplateException extends RuntimeException {

    public PromptTemplateException(String message) {
        super(message);
    }
}
