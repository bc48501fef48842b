package org.aiorg.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {

    private static Pricing.Price usd(String in, String out) {
        return Pricing.Price.ofUsdPer1k(new BigDecimal(in), new BigDecimal(out));
    }

    @Test
    void theDefaultPriceIsHalfAMilliDollarPer1kTokens() {
        assertThat(Pricing.DEFAULT).isEqualTo(new Pricing.Price(500_000, 500_000));
        assertThat(Pricing.DEFAULT.microsPer1kBlock()).isEqualTo(500);
        assertThat(Pricing.costMicros(Pricing.DEFAULT, 1_000, 1_000)).isEqualTo(1_000);
    }

    @ParameterizedTest(name = "{0} in + {1} out at {2}/{3} USD per 1k = {4} micro-USD")
    @CsvSource({
            "0,     0,     0.0005, 0.0005, 0",
            "1,     0,     0.0005, 0.0005, 1",        // 0.5 micro-USD rounds up
            "2,     0,     0.0005, 0.0005, 1",        // exactly 1
            "3,     0,     0.0005, 0.0005, 2",        // 1.5 -> 2
            "1001,  0,     0.0005, 0.0005, 501",      // 500.5 -> 501
            "1,     1,     0.0005, 0.0005, 1",        // the call is rounded once, not each direction
            "1000,  1000,  0.0025, 0.01,   12500",    // different input and output prices
            "1,     0,     0.000000001, 0, 1",        // a pico-dollar still costs a whole micro-dollar
            "1000000000, 0, 0.0005, 0.0005, 500000000"
    })
    void costIsRoundedUpToTheNextMicroDollarOncePerCall(long in, long out, String pin, String pout, long micros) {
        assertThat(Pricing.costMicros(usd(pin, pout), in, out)).isEqualTo(micros);
    }

    @Test
    void costNeverFallsWhenTokensGrow() {
        Pricing.Price p = usd("0.00015", "0.0006");
        long previous = 0;
        for (long t = 0; t < 5_000; t += 7) {
            long c = Pricing.costMicros(p, t, t / 3);
            assertThat(c).isGreaterThanOrEqualTo(previous);
            previous = c;
        }
    }

    @Test
    void refusesNegativeOrHugeTokenCountsAndOverPrecisePrices() {
        assertThatThrownBy(() -> Pricing.costMicros(Pricing.DEFAULT, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pricing.costMicros(Pricing.DEFAULT, 0, Pricing.MAX_TOKENS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> usd("0.0000000001", "0")).hasMessageContaining("more than 9 decimals");
        assertThatThrownBy(() -> usd("-1", "0")).hasMessageContaining(">= 0");
    }

    @Test
    void anUnknownModelCostsTheDefaultPrice() {
        Pricing pricing = new Pricing(Pricing.DEFAULT, Map.of("gpt-4o", usd("0.0025", "0.01")));
        assertThat(pricing.priceOf("gpt-4o")).isEqualTo(usd("0.0025", "0.01"));
        assertThat(pricing.priceOf("no-such-model")).isEqualTo(Pricing.DEFAULT);
        assertThat(pricing.costMicros("no-such-model", 2_000, 0)).isEqualTo(1_000);
        assertThat(pricing.costMicros("gpt-4o", 2_000, 0)).isEqualTo(5_000);
    }

    @Test
    void propertiesWinOverThePricingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, """
                model,input_usd_per_1k,output_usd_per_1k
                # comment
                gpt-4o,0.0025,0.01
                gpt-4o-mini,0.00015,0.0006
                """);
        BudgetProperties props = new BudgetProperties(null, null, new BudgetProperties.PriceSetting(new BigDecimal("0.001"), null),
                Map.of("gpt-4o", new BudgetProperties.PriceSetting(new BigDecimal("0.003"), new BigDecimal("0.012"))),
                file.toString(), null, null, null, null);
        Pricing pricing = Pricing.from(props);
        assertThat(pricing.priceOf("gpt-4o")).isEqualTo(usd("0.003", "0.012"));
        assertThat(pricing.priceOf("gpt-4o-mini")).isEqualTo(usd("0.00015", "0.0006"));
        assertThat(pricing.defaultPrice()).isEqualTo(usd("0.001", "0.0005"));
    }

    @Test
    void aBrokenPricingFileSaysWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, "gpt-4o,0.0025\n");
        assertThatThrownBy(() -> Pricing.readFile(file)).hasMessageContaining("line 1");
    }
}
