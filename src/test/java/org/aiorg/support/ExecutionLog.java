package org.aiorg.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.db.Tx;
import org.aiorg.task.TaskChanged;
import org.aiorg.task.TaskStatus;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the workers' tests observe: every LLM call for a task is inserted into the
 * {@code test_execution} table (by every process, so that duplicates across processes show), and
 * in this process one sequence orders call starts and tasks becoming done.
 */
public class ExecutionLog {

    /** This process, as recorded in {@code test_execution.worker}. */
    public static final String PROCESS = "pid-" + ProcessHandle.current().pid();

    private final JdbcClient jdbc;
    private final Tx tx;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Long> done = new ConcurrentHashMap<>();

    public ExecutionLog(JdbcClient jdbc, Tx tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        tx.run(() -> jdbc.sql("CREATE TABLE IF NOT EXISTS test_execution (task_id VARCHAR(8) NOT NULL, worker VARCHAR(40) NOT NULL)")
                .update());
    }

    void callStarted(String taskId) {
        started.put(taskId, sequence.incrementAndGet());
        tx.run(() -> jdbc.sql("INSERT INTO test_execution (task_id, worker) VALUES (:task, :worker)")
                .param("task", taskId).param("worker", PROCESS).update());
    }

    /** Published inside the transaction that marks the task done, so before any dependant can be claimed. */
    @EventListener
    void on(TaskChanged event) {
        if (event.task().status() == TaskStatus.DONE) {
            done.put(event.task().id(), sequence.incrementAndGet());
        }
    }

    public Long startedAt(String taskId) {
        return started.get(taskId);
    }

    public Long doneAt(String taskId) {
        return done.get(taskId);
    }
}
