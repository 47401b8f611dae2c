package io.retouch.task;

import io.retouch.money.Charge;
import io.retouch.money.Reservation;
import io.retouch.money.Reservations;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Paid submissions. An attempt row (our intent to pay) is committed together with the task's move to
 * SUBMITTING before the vendor is called, and the vendor's id together with the move to SUBMITTED
 * the moment it is known: a crash between the two leaves an attempt in INTENT, i.e. a task in doubt.
 * The attempt's price moves with it: reserved with the intent, spent when accepted, given back when
 * refused, and kept reserved while in doubt (it may have been paid).
 */
@Repository
public class AttemptStore {

    private final JdbcClient jdbc;
    private final TaskStore tasks;
    private final TransactionTemplate tx;
    private final Reservations money;

    public AttemptStore(JdbcClient jdbc, TaskStore tasks, TransactionTemplate tx, Reservations money) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.tx = tx;
        this.money = money;
    }

    /** {@code held}: null when the intent is recorded; else why the task was not sent (attemptId is then null). */
    public record Begun(Task task, UUID attemptId, String held) {}

    /**
     * Reserves the submission's price and records the intent to pay, in one transaction; or, when
     * the run's budget or the account's daily limits would be passed, leaves the task unsent
     * (RETRY_WAIT, with why) and records nothing else.
     */
    public Begun begin(Task task, Charge charge) {
        return tx.execute(s -> {
            Reservation reservation = money.reserve(charge);
            if (reservation instanceof Reservation.Held held) {
                // a task waiting already keeps its state, and one in doubt stays in doubt (its lookup, the attempt
                // cap and the operator's policy still apply to it): only why it waits changes
                Task waiting = task.state() == TaskState.RETRY_WAIT || task.state() == TaskState.IN_DOUBT
                        ? tasks.explain(task, held.cause(), held.reason())
                        : tasks.move(task, Transition.to(TaskState.RETRY_WAIT).retryAt(Instant.now())
                                .withError(held.cause(), held.reason()));
                return new Begun(waiting, null, held.reason());
            }
            Reservation.Reserved reserved = (Reservation.Reserved) reservation;
            Task submitting = tasks.move(task, Transition.to(TaskState.SUBMITTING));
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                    INSERT INTO attempt (id, task_id, run_id, vendor, state, price_usd, account, day)
                    VALUES (?, ?, ?, ?, 'INTENT', ?, ?, ?)""")
                    .params(id, task.id(), task.runId(), task.vendor(), charge.priceUsd(), reserved.account(), reserved.day())
                    .update();
            return new Begun(submitting, id, null);
        });
    }

    public Task accepted(Begun begun, String vendorRequestId) {
        try {
            return acceptAndFollow(begun.task(), begun.attemptId(), vendorRequestId);
        } catch (StaleTaskException e) {
            // another dispatcher took the task up meanwhile (this one's partition was sent again) and put it in
            // doubt: the vendor's id is kept on the attempt all the same, and recovery follows it, never pays again
            tx.execute(s -> {
                accept(begun.attemptId(), vendorRequestId);
                return null;
            });
            throw e;
        }
    }

    /** The vendor's id of the task's latest attempt, when that attempt was accepted: a task in doubt with one is followed. */
    public Optional<Accepted> latestAccepted(long taskId) {
        return jdbc.sql("""
                SELECT id, vendor_request_id FROM attempt WHERE task_id = ? ORDER BY created_at DESC LIMIT 1""")
                .param(taskId).query((rs, n) -> new Accepted(rs.getObject(1, UUID.class), rs.getString(2))).optional()
                .filter(a -> a.vendorRequestId() != null); // only an accepted attempt records the vendor's id
    }

    public record Accepted(UUID attemptId, String vendorRequestId) {}

    /** The attempt was paid: its reservation becomes spend, and it keeps the vendor's id. */
    private void accept(UUID attemptId, String vendorRequestId) {
        money.spend(attemptId);
        mark(attemptId, "ACCEPTED", vendorRequestId, null, null);
    }

    /** The vendor refused: nothing was charged. The task waits for a retry or fails. */
    public Task refused(Begun begun, String errorClass, String vendorCode, String message, Instant retryAt) {
        return tx.execute(s -> {
            money.release(begun.attemptId());
            mark(begun.attemptId(), "REFUSED", null, errorClass, message);
            Transition t = retryAt == null
                    ? Transition.to(TaskState.FAILED).withError(errorClass, vendorCode, message)
                    : Transition.to(TaskState.RETRY_WAIT).retryAt(retryAt).withError(errorClass, vendorCode, message);
            return tasks.move(begun.task(), t);
        });
    }

    /** {@code retryAt}: the earliest a resubmit policy may submit it again (null: at once). */
    public Task inDoubt(Task task, UUID attemptId, String reason, Instant retryAt) {
        return tx.execute(s -> {
            mark(attemptId, "IN_DOUBT", null, "IN_DOUBT", reason);
            return tasks.move(task, Transition.to(TaskState.IN_DOUBT).retryAt(retryAt).withError("IN_DOUBT", reason));
        });
    }

    /** The vendor, asked by our reference, has the in-doubt task: follow it; nothing is paid again. */
    public Task found(Task task, UUID attemptId, String vendorRequestId) {
        return acceptAndFollow(task, attemptId, vendorRequestId);
    }

    private Task acceptAndFollow(Task task, UUID attemptId, String vendorRequestId) {
        return tx.execute(s -> {
            accept(attemptId, vendorRequestId);
            return tasks.move(task, Transition.to(TaskState.SUBMITTED).withVendorRequestId(vendorRequestId));
        });
    }

    /** The vendor, asked by our reference, surely has no such task: it was never paid, submit it again. */
    public Task absent(Task task, UUID attemptId) {
        return tx.execute(s -> {
            money.release(attemptId);
            mark(attemptId, "REFUSED", null, "ABSENT", "the vendor has no task with this attempt's reference");
            return tasks.move(task, Transition.to(TaskState.RETRY_WAIT).retryAt(Instant.now()));
        });
    }

    /**
     * The operator submits the in-doubt task again, knowing it may be paid twice: it waits for its
     * turn; its attempt stays IN_DOUBT in the record, as it may have been paid.
     */
    public Task resubmitKnowingly(Task task) {
        return tasks.move(task, Transition.to(TaskState.RETRY_WAIT).retryAt(Instant.now())
                .withError("IN_DOUBT", null, "the operator chose to submit it again (`retouch settle --resubmit`)"));
    }

    /** The operator gives the in-doubt task up: FAILED, cause ABANDONED; its attempt may or may not have been paid. */
    public Task abandon(Task task) {
        return tasks.move(task, Transition.to(TaskState.FAILED).withError("ABANDONED", null,
                "given up by the operator (`retouch settle --abandon`); its submission may or may not have been paid"));
    }

    /** The attempt that left a task in doubt. */
    public Optional<UUID> inDoubtAttempt(long taskId) {
        return jdbc.sql("SELECT id FROM attempt WHERE task_id = ? AND state = 'IN_DOUBT' ORDER BY created_at DESC LIMIT 1")
                .param(taskId).query(UUID.class).optional();
    }

    /** The attempt of a SUBMITTING task whose outcome was never recorded (the process died mid-call). */
    public Optional<UUID> openIntent(long taskId) {
        return jdbc.sql("SELECT id FROM attempt WHERE task_id = ? AND state = 'INTENT' ORDER BY created_at DESC LIMIT 1")
                .param(taskId).query(UUID.class).optional();
    }

    public int paidAttempts(long taskId) {
        return jdbc.sql("SELECT count(*) FROM attempt WHERE task_id = ? AND state IN ('ACCEPTED', 'IN_DOUBT', 'INTENT')")
                .param(taskId).query(Integer.class).single();
    }

    private void mark(UUID id, String state, String vendorRequestId, String errorClass, String message) {
        jdbc.sql("""
                UPDATE attempt SET state = ?, vendor_request_id = ?, error_class = ?, error_message = ?, updated_at = now()
                WHERE id = ?""").params(state, vendorRequestId, errorClass, message, id).update();
    }
}
