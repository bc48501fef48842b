package org.aiorg.tenant;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import org.aiorg.db.Tx;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Creates, reads and updates tenants. Tenants are few and read on every request: cached. */
@Service
public class Tenants {

    public static final int MAX_NAME = 200;
    public static final int MAX_PURPOSE = 10_000;

    private final TenantRepository repository;
    private final Tx tx;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;
    private final Map<TenantId, Tenant> cache = new ConcurrentHashMap<>();

    Tenants(TenantRepository repository, Tx tx, InstantSource clock, ApplicationEventPublisher events) {
        this.repository = repository;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    public Optional<Tenant> find(TenantId id) {
        Tenant cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Tenant> found = tx.read(() -> repository.find(id));
        found.ifPresent(t -> cache.put(id, t));
        return found;
    }

    /** The tenant, or a 404 client error. */
    public Tenant get(TenantId id) {
        return find(id).orElseThrow(() -> ClientError.notFound("Tenant", id.value()));
    }

    public List<Tenant> all() {
        return tx.read(repository::all);
    }

    public Tenant create(TenantId id, String name, String purpose, Long initialBudgetMicros) {
        validate(name, purpose);
        return tx.write(() -> {
            if (repository.find(id).isPresent()) {
                throw ClientError.conflict("tenant-exists", "Tenant '" + id + "' already exists",
                        List.of(new FieldProblem("id", "already exists")), Map.of());
            }
            Tenant tenant = new Tenant(id, name, purpose == null ? "" : purpose, clock.instant());
            repository.insert(tenant);
            events.publishEvent(new TenantCreated(tenant, initialBudgetMicros));
            cache.put(id, tenant);
            return tenant;
        });
    }

    /** Creates the tenant unless it exists; returns it either way. */
    public Tenant ensure(TenantId id, String name, String purpose, Long initialBudgetMicros) {
        return find(id).orElseGet(() -> create(id, name, purpose, initialBudgetMicros));
    }

    public Tenant update(TenantId id, String name, String purpose) {
        Tenant current = get(id);
        Tenant changed = new Tenant(id, name == null ? current.name() : name,
                purpose == null ? current.purpose() : purpose, current.createdAt());
        validate(changed.name(), changed.purpose());
        tx.run(() -> repository.update(changed));
        cache.put(id, changed);
        return changed;
    }

    private static void validate(String name, String purpose) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "must not be blank"));
        } else if (name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (purpose != null && purpose.length() > MAX_PURPOSE) {
            problems.add(new FieldProblem("purpose", "must be at most " + MAX_PURPOSE + " characters"));
        }
        if (!problems.isEmpty()) {
            throw ClientError.invalid(problems);
        }
    }
}
