package org.aiorg.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.budget.BudgetExhausted;
import org.aiorg.budget.BudgetLimitChanged;
import org.aiorg.budget.BudgetToppedUp;
import org.aiorg.budget.ReservationSettled;
import org.aiorg.orchestrator.AlertRaised;
import org.aiorg.task.TaskChanged;
import org.aiorg.task.TaskCreated;
import org.aiorg.task.TaskDeleted;
import org.aiorg.tenant.TenantId;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent-event hub: each subscriber gets the events of its own tenant only, after the
 * change has committed. Events are small ({@code {"id","change"}}); clients refetch what they show.
 */
@Component
public class LiveEvents {

    private final Map<String, Set<SseEmitter>> byTenant = new ConcurrentHashMap<>();
    private final Set<String> budgetDirty = ConcurrentHashMap.newKeySet();

    LiveEvents(MeterRegistry registry) {
        Gauge.builder("ai.sse.subscribers", byTenant, m -> m.values().stream().mapToInt(Set::size).sum())
                .description("Open live-event streams").register(registry);
    }

    SseEmitter subscribe(TenantId tenant) {
        SseEmitter emitter = new SseEmitter(0L);
        Set<SseEmitter> set = byTenant.computeIfAbsent(tenant.value(), k -> ConcurrentHashMap.newKeySet());
        set.add(emitter);
        Runnable remove = () -> set.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().name("hello").data(Map.of("tenant", tenant.value())).reconnectTime(2_000));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    boolean hasSubscribers() {
        return byTenant.values().stream().anyMatch(set -> !set.isEmpty());
    }

    /**
     * Tasks another process changed ({@link RemoteChanges}): one event for all of them, and a
     * budget refresh, since their runs spent budget.
     */
    void changedElsewhere(TenantId tenant, Set<String> ids) {
        List<String> some = ids.stream().limit(100).toList();
        publish(tenant, "task", Map.of("change", "elsewhere", "ids", some, "count", ids.size()));
        budgetChanged(tenant);
    }

    /** Sends one event to every subscriber of the tenant; a broken stream is dropped. */
    public void publish(TenantId tenant, String name, Object data) {
        Set<SseEmitter> set = byTenant.get(tenant.value());
        if (set == null) {
            return;
        }
        for (SseEmitter emitter : set) {
            try {
                emitter.send(SseEmitter.event().name(name).data(data));
            } catch (IOException | IllegalStateException e) {
                set.remove(emitter);
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskCreated e) {
        publish(e.tenant(), "task", Map.of("id", e.task().id(), "change", "created"));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskChanged e) {
        publish(e.tenant(), "task", Map.of("id", e.task().id(), "change", "updated", "status", e.task().status().wire()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskDeleted e) {
        publish(e.tenant(), "task", Map.of("id", e.taskId(), "change", "deleted"));
    }

    @EventListener
    void on(AlertRaised e) {
        publish(e.tenant(), "alert", e.alert());
    }

    @EventListener
    void on(BudgetToppedUp e) {
        budgetChanged(e.tenant());
    }

    @EventListener
    void on(BudgetLimitChanged e) {
        budgetChanged(e.tenant());
    }

    @EventListener
    void on(BudgetExhausted e) {
        budgetChanged(e.tenant());
    }

    @EventListener
    void on(ReservationSettled e) {
        budgetChanged(e.tenant());
    }

    /** Budget changes come at the pace of LLM calls: at most one {@code budget} event a second per tenant. */
    private void budgetChanged(TenantId tenant) {
        if (byTenant.containsKey(tenant.value())) {
            budgetDirty.add(tenant.value());
        }
    }

    @Scheduled(fixedDelay = 1_000)
    void flushBudget() {
        for (String tenant : budgetDirty) {
            budgetDirty.remove(tenant);
            publish(TenantId.of(tenant), "budget", Map.of("tenant", tenant));
        }
    }

    /**
     * The service is stopping: end every stream now. Tomcat's graceful shutdown waits for the
     * requests in flight, and a stream never ends by itself, so one open dashboard held every stop
     * for the whole shutdown phase (30 s). Clients reconnect by themselves once the service is back.
     */
    @EventListener(ContextClosedEvent.class)
    void endStreams() {
        byTenant.values().forEach(set -> {
            set.forEach(SseEmitter::complete);
            set.clear();
        });
    }

    /** A comment every 15 s keeps proxies from closing idle streams and finds dead clients. */
    @Scheduled(fixedDelay = 15_000)
    void heartbeat() {
        byTenant.forEach((tenant, set) -> {
            for (SseEmitter emitter : set) {
                try {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException e) {
                    set.remove(emitter);
                }
            }
        });
    }
}
