package org.aiorg.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import tools.jackson.databind.JsonNode;

/** Reads the budget endpoints' JSON bodies, one message per field at fault. */
final class BudgetInput {

    /** A top-up request. */
    record TopUpRequest(long amountMicros, String idempotencyKey) {}

    private BudgetInput() {}

    static TopUpRequest topUp(JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        requireObject(body);
        rejectUnknown(body, Set.of("amount_usd", "idempotency_key"), problems);
        Long amount = usd(body, "amount_usd", problems);
        if (amount != null && amount <= 0) {
            problems.add(new FieldProblem("amount_usd", "must be > 0"));
        } else if (amount != null && amount > Budgets.MAX_TOPUP_MICROS) {
            problems.add(new FieldProblem("amount_usd", "must be at most " + Micros.toUsd(Budgets.MAX_TOPUP_MICROS).toPlainString()));
        }
        JsonNode key = body.get("idempotency_key");
        String k = null;
        if (key == null || key.isNull()) {
            problems.add(new FieldProblem("idempotency_key", "is required: a repeat with the same key adds nothing"));
        } else if (!key.isString() || key.stringValue().isBlank()) {
            problems.add(new FieldProblem("idempotency_key", "must be a non-blank string"));
        } else if (key.stringValue().length() > 200) {
            problems.add(new FieldProblem("idempotency_key", "must be at most 200 characters"));
        } else {
            k = key.stringValue();
        }
        if (!problems.isEmpty()) {
            throw ClientError.invalid(problems);
        }
        return new TopUpRequest(amount, k);
    }

    static long limit(JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        requireObject(body);
        rejectUnknown(body, Set.of("limit_usd"), problems);
        Long limit = usd(body, "limit_usd", problems);
        if (limit != null && limit < 0) {
            problems.add(new FieldProblem("limit_usd", "must be >= 0"));
        } else if (limit != null && limit > Limits.MAX_LIMIT_MICROS) {
            problems.add(new FieldProblem("limit_usd", "must be at most " + Micros.toUsd(Limits.MAX_LIMIT_MICROS).toPlainString()));
        }
        if (!problems.isEmpty()) {
            throw ClientError.invalid(problems);
        }
        return limit;
    }

    /** USD as a JSON number or a numeric string, with at most six decimals, in micro-USD. */
    static Long usd(JsonNode body, String field, List<FieldProblem> problems) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            problems.add(new FieldProblem(field, "is required (USD, e.g. 5.00)"));
            return null;
        }
        if (!n.isNumber() && !n.isString()) {
            problems.add(new FieldProblem(field, "must be a number (USD)"));
            return null;
        }
        String text = n.isString() ? n.stringValue().strip() : n.toString();
        return parseUsd(text, field, problems);
    }

    static Long parseUsd(String text, String field, List<FieldProblem> problems) {
        BigDecimal usd;
        try {
            usd = new BigDecimal(text);
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a finite number (USD)"));
            return null;
        }
        if (usd.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
            problems.add(new FieldProblem(field, "is too large"));
            return null;
        }
        if (usd.stripTrailingZeros().scale() > 6) {
            problems.add(new FieldProblem(field, "must have at most 6 decimals (micro-USD)"));
            return null;
        }
        return Micros.fromUsd(usd);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ClientError.invalid("body", "must be a JSON object");
        }
    }

    private static void rejectUnknown(JsonNode body, Set<String> allowed, List<FieldProblem> problems) {
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                problems.add(new FieldProblem(name, "is not a known field (known: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
    }
}
