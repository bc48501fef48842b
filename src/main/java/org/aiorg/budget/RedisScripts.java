package org.aiorg.budget;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.aiorg.budget.BudgetStore.Unavailable;

/**
 * The Redis side of {@link RedisBudgetStore}: one connection shared by every thread (Lettuce
 * pipelines the commands of concurrent callers), opened on first use so that the service starts
 * while Redis is down; the Lua scripts, run with EVALSHA and loaded again when a restarted Redis
 * forgot them; every Redis failure turned into {@link Unavailable} (the gate then refuses: fail
 * closed); and the parsing of the scripts' replies.
 */
final class RedisScripts implements AutoCloseable {

    /** A Lua script and its SHA-1. */
    record Script(String name, String source, String sha) {}

    /** What a script's reply calls for: the answer, and the ledger rows to commit before it is given. */
    record Reply<T>(T answer, List<LedgerEntry> rows) {}

    /** The answer once its rows are committed, or the ledger's failure to commit them (Redis did answer). */
    record HandedOff<T>(T answer, RuntimeException ledgerFailure) {}

    private final String url;
    private final ClientResources resources;
    private final RedisClient client;
    private final long timeoutMillis;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile RedisCommands<String, String> sync;

    RedisScripts(String url, Duration timeout) {
        this.url = url;
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.resources = coalescedWrites();
        this.client = RedisClient.create(resources, uri);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /**
     * Client resources whose connections coalesce flushes: with many threads calling at once,
     * Lettuce flushes every command on its own, one write system call each; Netty's
     * FlushConsolidationHandler lets the event loop write the commands that queued up meanwhile
     * in one system call (a command waits at most for the event loop's current task, never for
     * a timer).
     */
    private static ClientResources coalescedWrites() {
        return ClientResources.builder()
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline().addFirst(new FlushConsolidationHandler(256, true));
                    }
                })
                .build();
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    Script script(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream("/budget/redis/" + name + ".lua")) {
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Script(name, source, sha1(source));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("Missing Lua script " + name, e);
        }
    }

    private static String sha1(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a script and waits for its reply; loads it first if Redis forgot it. */
    List<Object> run(Script script, String[] keys, String... args) {
        return call(redis -> {
            try {
                return redis.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                redis.scriptLoad(script.source());
                return redis.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
            }
        });
    }

    /** A synchronous command; a Redis failure becomes {@link Unavailable}. */
    <T> T call(Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(sync());
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /** The asynchronous commands of the shared connection, for pipelines. */
    RedisAsyncCommands<String, String> async() {
        try {
            sync();
            return connection.async();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /**
     * Runs a script asynchronously; its reply becomes the answer and its ledger rows on the Redis
     * client's thread, which hands the rows to the ledger writer there: the caller wakes once, when
     * they are committed, not once for Redis and once more for the ledger (with 64 callers on 2
     * cores, a third of the CPU went to those wake-ups). Null when the reply calls for the
     * synchronous path ({@code reply} answered null, or the script is not loaded in Redis yet).
     */
    <T> HandedOff<T> handOff(Script script, String[] keys, String[] args, LedgerWriter writer, Function<List<Object>, Reply<T>> reply) {
        CompletableFuture<Reply<T>> replied = async().<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture().thenApply(reply);
        CompletableFuture<Void> committed = replied.thenCompose(r -> r == null ? CompletableFuture.completedFuture(null) : writer.submit(r.rows()));
        try {
            committed.get(timeoutMillis + TimeUnit.SECONDS.toMillis(LedgerWriter.WAIT_SECONDS), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for Redis and the budget ledger", e);
        } catch (ExecutionException | TimeoutException e) {
            if (!replied.isDone()) {
                throw new Unavailable("Redis at " + redacted() + " did not answer", e);
            }
            if (replied.isCompletedExceptionally()) {
                Throwable cause = replied.exceptionNow();
                if (cause instanceof RedisNoScriptException) {
                    return null;
                }
                if (cause instanceof RedisException re) {
                    throw unavailable(re);
                }
                throw cause instanceof RuntimeException rt ? rt : new IllegalStateException(cause);
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause()
                    : new IllegalStateException("the ledger write did not commit within " + LedgerWriter.WAIT_SECONDS + " s");
            return new HandedOff<>(replied.join().answer(), cause instanceof RuntimeException rt ? rt : new IllegalStateException(cause));
        }
        Reply<T> r = replied.join();
        return r == null ? null : new HandedOff<>(r.answer(), null);
    }

    private RedisCommands<String, String> sync() {
        RedisCommands<String, String> s = sync;
        if (s == null) {
            synchronized (this) {
                if (sync == null) {
                    connection = client.connect();
                    sync = connection.sync();
                }
                s = sync;
            }
        }
        return s;
    }

    Unavailable unavailable(RedisException e) {
        return new Unavailable("Redis at " + redacted() + " failed: " + e.getMessage(), e);
    }

    private String redacted() {
        return url.replaceAll("(?<=://)[^@/]*@", "***@");
    }

    /** A script's status code: its reply's first element. */
    static long code(List<Object> out) {
        return out.isEmpty() ? 0 : (Long) out.getFirst();
    }

    static long num(List<Object> out, int i) {
        Object o = out.get(i);
        return o instanceof Long l ? l : Long.parseLong(o.toString());
    }

    static String str(List<Object> out, int i) {
        return i < out.size() && out.get(i) != null ? out.get(i).toString() : null;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        // No quiet period (Netty's default waits 2 s for more work): the connection is closed already.
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
