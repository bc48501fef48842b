package org.aiorg.budget;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.aiorg.common.ClientError;
import org.aiorg.tenant.TenantId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "Budget", description = "The tenant's token budget: limit, spent, reserved, top-ups and the ledger")
class BudgetController {

    private final Budgets budgets;

    BudgetController(Budgets budgets) {
        this.budgets = budgets;
    }

    /**
     * The account in USD and in 1k-token blocks at the default price (the dearer of its input and
     * output prices; blocks rounded down to three decimals).
     */
    record BudgetView(String tenant, String store, BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal reservedUsd,
            BigDecimal remainingUsd, BigDecimal blockPriceUsd, BigDecimal limitBlocks, BigDecimal spentBlocks,
            BigDecimal reservedBlocks, BigDecimal remainingBlocks) {

        static BudgetView of(BudgetAccount a, Budgets budgets) {
            long block = Math.max(1, budgets.pricing().defaultPrice().microsPer1kBlock());
            return new BudgetView(a.tenant(), budgets.store(), Micros.toUsd(a.limitMicros()), Micros.toUsd(a.spentMicros()),
                    Micros.toUsd(a.reservedMicros()), Micros.toUsd(a.remainingMicros()), Micros.toUsd(block),
                    blocks(a.limitMicros(), block), blocks(a.spentMicros(), block), blocks(a.reservedMicros(), block),
                    blocks(a.remainingMicros(), block));
        }

        private static BigDecimal blocks(long micros, long block) {
            return BigDecimal.valueOf(micros).divide(BigDecimal.valueOf(block), 3, RoundingMode.DOWN);
        }
    }

    record TopUpView(String idempotencyKey, BigDecimal amountUsd, BigDecimal limitUsd, Instant at, boolean replayed,
            BudgetView budget) {}

    record LedgerView(String id, Instant at, String kind, String reservationId, String taskId, String model, BigDecimal amountUsd,
            BigDecimal chargedUsd, BigDecimal releasedUsd, Long tokensIn, Long tokensOut, BigDecimal limitUsd, Instant expiresAt,
            String ref) {

        static LedgerView of(LedgerEntry e) {
            return new LedgerView(e.id(), e.at(), e.kind(), e.reservationId(), e.taskId(), e.model(), Micros.toUsd(e.amountMicros()),
                    Micros.toUsd(e.chargedMicros()), Micros.toUsd(e.releasedMicros()), e.tokensIn(), e.tokensOut(),
                    e.limitMicros() == null ? null : Micros.toUsd(e.limitMicros()), e.expiresAt(), e.ref());
        }
    }

    @GetMapping("/budget")
    @Operation(summary = "The tenant's budget: limit, spent, reserved and remaining, in USD and in 1k-token blocks")
    BudgetView get(TenantId tenant) {
        return BudgetView.of(budgets.account(tenant), budgets);
    }

    @PostMapping(path = "/budget/topup", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add to the limit", description = """
            Body: {"amount_usd": 5.00, "idempotency_key": "invoice-42"}. A repeated key returns the first result
            (replayed: true) and adds nothing; the same key with another amount is 409.""")
    TopUpView topUp(TenantId tenant, @RequestBody JsonNode body) {
        BudgetInput.TopUpRequest in = BudgetInput.topUp(body);
        TopUp t = budgets.topUp(tenant, in.amountMicros(), in.idempotencyKey());
        return new TopUpView(t.idempotencyKey(), Micros.toUsd(t.amountMicros()), Micros.toUsd(t.limitMicros()), t.at(), t.replayed(),
                BudgetView.of(budgets.account(tenant), budgets));
    }

    @PutMapping(path = "/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the limit", description = "Body: {\"limit_usd\": 20}. 409 when below spent + reserved.")
    BudgetView setLimit(TenantId tenant, @RequestBody JsonNode body) {
        return BudgetView.of(budgets.setLimit(tenant, BudgetInput.limit(body)), budgets);
    }

    @GetMapping("/budget/ledger")
    @Operation(summary = "The tenant's budget ledger, oldest first", description = """
            Every reserve, sent mark, settle, release, expiry, top-up and limit change. Paginated: the next page's
            URL is in the Link header (rel="next"). format=csv answers text/csv.""")
    ResponseEntity<?> ledger(TenantId tenant,
            @Parameter(description = "page size, 1..1000") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "from the previous page's Link header") @RequestParam(required = false) String cursor,
            @Parameter(description = "json or csv") @RequestParam(defaultValue = "json") String format,
            HttpServletRequest request) {
        if (limit < 1 || limit > Budgets.MAX_PAGE) {
            throw ClientError.invalid("limit", "must be between 1 and " + Budgets.MAX_PAGE);
        }
        if (!format.equals("json") && !format.equals("csv")) {
            throw ClientError.invalid("format", "must be json or csv");
        }
        Budgets.LedgerPage page = budgets.ledger(tenant, cursor, limit);
        HttpHeaders headers = new HttpHeaders();
        if (page.nextCursor() != null) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath(request.getRequestURI())
                    .queryParam("limit", limit).queryParam("cursor", page.nextCursor());
            if (format.equals("csv")) {
                next.queryParam("format", "csv");
            }
            headers.add(HttpHeaders.LINK, "<" + next.build().toUriString() + ">; rel=\"next\"");
        }
        if (format.equals("csv")) {
            return ResponseEntity.ok().headers(headers).contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .body(csv(page.items()));
        }
        return ResponseEntity.ok().headers(headers).body(page.items().stream().map(LedgerView::of).toList());
    }

    static String csv(List<LedgerEntry> rows) {
        StringBuilder out = new StringBuilder(
                "id,at,kind,reservation_id,task_id,model,amount_usd,charged_usd,released_usd,tokens_in,tokens_out,limit_usd,expires_at,ref\n");
        for (LedgerEntry e : rows) {
            LedgerView v = LedgerView.of(e);
            out.append(String.join(",", cell(v.id()), cell(v.at()), cell(v.kind()), cell(v.reservationId()), cell(v.taskId()),
                    cell(v.model()), cell(v.amountUsd()), cell(v.chargedUsd()), cell(v.releasedUsd()), cell(v.tokensIn()),
                    cell(v.tokensOut()), cell(v.limitUsd()), cell(v.expiresAt()), cell(v.ref()))).append('\n');
        }
        return out.toString();
    }

    private static String cell(Object o) {
        if (o == null) {
            return "";
        }
        String s = o instanceof BigDecimal d ? d.toPlainString() : o.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
