package dev.conveyor.bootstrap;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.conveyor.application.ClientSecrets;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Optional authentication: off by default, so a first user's curl works; one setting turns it on. */
public class AuthConfiguration {
    @JsonProperty
    private boolean enabled;

    /** Base64 of at least 32 random bytes: signs tokens and keys the hashes of client secrets. */
    @JsonProperty
    @JsonAlias("secret_key")
    private String secretKey;

    @JsonProperty
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 24, unit = TimeUnit.HOURS)
    private Duration tokenLifetime = Duration.minutes(30);

    public boolean isEnabled() {
        return enabled;
    }

    public Duration getTokenLifetime() {
        return tokenLifetime;
    }

    /** The key's bytes; refuses, in one line, a key that is missing, not base64, or shorter than 256 bits. */
    byte[] key() {
        if (secretKey == null || secretKey.isBlank()) {
            throw new StartupRefusedException("auth.secret_key (CONVEYOR_AUTH_SECRET_KEY) is not set; "
                    + "`java -jar conveyor.jar generate-secret` prints a suitable one");
        }
        byte[] key;
        try {
            String text = secretKey.trim();
            key = text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            throw new StartupRefusedException("auth.secret_key (CONVEYOR_AUTH_SECRET_KEY) is not base64; "
                    + "`java -jar conveyor.jar generate-secret` prints a suitable one");
        }
        if (key.length < ClientSecrets.KEY_BYTES) {
            throw new StartupRefusedException("auth.secret_key (CONVEYOR_AUTH_SECRET_KEY) has " + key.length * 8
                    + " bits; it needs at least 256 (32 random bytes, base64); `java -jar conveyor.jar generate-secret` "
                    + "prints a suitable one");
        }
        return key;
    }
}
