package org.aiorg.budget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Redis is ({@code aiorg.redis.*}). Only the budget uses it, for the hot path of the gate.
 *
 * @param url     {@code redis://[:password@]host:port[/db]}; env {@code AIORG_REDIS_URL}
 * @param timeout how long one command may take before the reservation is refused
 */
@ConfigurationProperties("aiorg.redis")
public record RedisSettings(String url, Duration timeout) {

    public RedisSettings {
        if (timeout == null) {
            timeout = Duration.ofSeconds(2);
        }
    }
}
