package org.aiorg.budget;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What LLM calls cost, in integer micro-USD. Prices are given in USD per 1k tokens (as providers
 * publish them) and held as pico-USD per token: a price with up to nine decimals in USD per 1k
 * tokens is exact, so no float ever touches the money.
 *
 * <p>Rounding: a call's cost is {@code ceil((in x inputPrice + out x outputPrice) / 10^6)}
 * micro-USD, i.e. the exact cost rounded UP to the next micro-USD, once per call. Rounding up
 * means a reservation is never smaller than what the same tokens cost at settlement, so the gate
 * never under-reserves; the most it over-charges is one micro-USD per call.
 */
public final class Pricing {

    /** 0.0005 USD per 1k tokens, for input and output: the price of a model nobody priced. */
    public static final Price DEFAULT = Price.ofUsdPer1k(new BigDecimal("0.0005"), new BigDecimal("0.0005"));

    /** Token counts above this are refused: no real call comes near it, and products stay exact. */
    public static final long MAX_TOKENS = 1_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(Pricing.class);
    private static final long PICO_PER_MICRO = 1_000_000L;

    /**
     * One model's price.
     *
     * @param inputPicoPerToken  pico-USD (10^-12 USD) per input token; 0.0005 USD/1k = 500,000
     * @param outputPicoPerToken pico-USD per output token
     */
    public record Price(long inputPicoPerToken, long outputPicoPerToken) {

        public Price {
            if (inputPicoPerToken < 0 || outputPicoPerToken < 0) {
                throw new IllegalArgumentException("prices must be >= 0");
            }
        }

        public static Price ofUsdPer1k(BigDecimal input, BigDecimal output) {
            return new Price(picoPerToken(input, "input"), picoPerToken(output, "output"));
        }

        public BigDecimal inputUsdPer1k() {
            return BigDecimal.valueOf(inputPicoPerToken, 9).stripTrailingZeros();
        }

        public BigDecimal outputUsdPer1k() {
            return BigDecimal.valueOf(outputPicoPerToken, 9).stripTrailingZeros();
        }

        /** The cost of 1k tokens at the dearer of the two prices, rounded up to a micro-USD. */
        public long microsPer1kBlock() {
            return ceilDiv(Math.max(inputPicoPerToken, outputPicoPerToken) * 1000, PICO_PER_MICRO);
        }

        private static long picoPerToken(BigDecimal usdPer1k, String what) {
            if (usdPer1k == null || usdPer1k.signum() < 0) {
                throw new IllegalArgumentException(what + " price must be a number >= 0 (USD per 1k tokens)");
            }
            // USD per 1k tokens x 10^12 pico / 10^3 tokens = x 10^9
            BigDecimal pico = usdPer1k.movePointRight(9);
            if (pico.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(what + " price " + usdPer1k.toPlainString()
                        + " USD per 1k tokens has more than 9 decimals");
            }
            if (pico.compareTo(BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
                throw new IllegalArgumentException(what + " price " + usdPer1k.toPlainString() + " USD per 1k tokens is above 1000");
            }
            return pico.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        }
    }

    private final Price defaultPrice;
    private final Map<String, Price> models;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public Pricing(Price defaultPrice, Map<String, Price> models) {
        this.defaultPrice = defaultPrice;
        this.models = Map.copyOf(models);
    }

    /** The default price plus the models of the pricing file, then the properties (which win). */
    static Pricing from(BudgetProperties props) {
        Map<String, Price> models = new LinkedHashMap<>();
        if (props.pricingFile() != null && !props.pricingFile().isBlank()) {
            models.putAll(readFile(Path.of(props.pricingFile())));
        }
        props.models().forEach((model, p) -> models.put(model, p.toPrice(model)));
        return new Pricing(props.defaultPrice().toPrice("default"), models);
    }

    public Price defaultPrice() {
        return defaultPrice;
    }

    public Map<String, Price> models() {
        return models;
    }

    /** The model's price; an unknown model costs the default price and is logged once. */
    public Price priceOf(String model) {
        Price p = model == null ? null : models.get(model);
        if (p != null) {
            return p;
        }
        if (warned.add(String.valueOf(model))) {
            log.warn("No price for model '{}': using the default {} / {} USD per 1k tokens (input / output)",
                    model, defaultPrice.inputUsdPer1k().toPlainString(), defaultPrice.outputUsdPer1k().toPlainString());
        }
        return defaultPrice;
    }

    /** What a call with these tokens costs, rounded up to the next micro-USD. */
    public long costMicros(String model, long inputTokens, long outputTokens) {
        return costMicros(priceOf(model), inputTokens, outputTokens);
    }

    public static long costMicros(Price price, long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0 || inputTokens > MAX_TOKENS || outputTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("token counts must be between 0 and " + MAX_TOKENS
                    + " (got " + inputTokens + " in, " + outputTokens + " out)");
        }
        // Real prices (<= 0.1 USD per 1k = 10^8 pico per token) times 10^9 tokens stay far below
        // Long.MAX_VALUE; absurd ones fail loudly here rather than wrap around.
        long pico = Math.addExact(Math.multiplyExact(inputTokens, price.inputPicoPerToken()),
                Math.multiplyExact(outputTokens, price.outputPicoPerToken()));
        return ceilDiv(pico, PICO_PER_MICRO);
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }

    /**
     * Reads a pricing file: CSV with the header {@code model,input_usd_per_1k,output_usd_per_1k};
     * blank lines and lines starting with {@code #} are skipped.
     */
    static Map<String, Price> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the pricing file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Price> out = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.toLowerCase().startsWith("model,")) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != 3) {
                throw new IllegalStateException(file + " line " + n + ": expected model,input_usd_per_1k,output_usd_per_1k");
            }
            try {
                out.put(cells[0].strip(), Price.ofUsdPer1k(new BigDecimal(cells[1].strip()), new BigDecimal(cells[2].strip())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
