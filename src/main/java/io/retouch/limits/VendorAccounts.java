package io.retouch.limits;

import io.retouch.spec.JobSpec;
import io.retouch.task.Slice;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This process's door to the vendor accounts' shared limits (DESIGN §3 invariant 4): opens each
 * lane's {@link AccountLimits} and keeps this process's slot leases alive, renewing them every third
 * of their ttl from the first lane on, so a lease outlives two missed renewals and a dead process's
 * leases fall out within the ttl. An account is a vendor and the spec's {@code account:} under it, so
 * one name under two vendors is two accounts.
 */
@Component
public class VendorAccounts implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(VendorAccounts.class);

    private final Leases leases;
    private final Pauses pauses;
    private final RateBuckets buckets;
    private final Duration leaseTtl;
    private final Map<String, CallSpacing> spacings = new ConcurrentHashMap<>();
    private ScheduledExecutorService renewal;

    /** {@code leaseTtl}: how long a slot outlives a process that stopped renewing it (killed, cut off). */
    @Autowired
    public VendorAccounts(DataSource dataSource, @Value("${retouch.limits.lease-ttl:30s}") Duration leaseTtl) {
        this(dataSource, leaseTtl, self());
    }

    /** Another holder on the same database: what another process would be. */
    VendorAccounts(DataSource dataSource, Duration leaseTtl, String holder) {
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0)
            throw new IllegalArgumentException("retouch.limits.lease-ttl must be at least 1s, got " + leaseTtl);
        this.leases = new Leases(dataSource, holder, leaseTtl);
        this.pauses = new Pauses(JdbcClient.create(dataSource));
        this.buckets = new RateBuckets(dataSource);
        this.leaseTtl = leaseTtl;
    }

    /**
     * The limits of {@code vendor}'s account for the lane that works {@code slice}. The lane's rate
     * replaces the account's stored one (the lane opened last sets the rate for all); its max-in-flight
     * and queue-ahead bound its own leases.
     */
    public AccountLimits open(JobSpec.Vendor vendor, Slice slice) {
        startRenewal();
        return new AccountLimits(vendor.name(), vendor.account(), vendor.maxHeld(), slice, leases, pauses,
                buckets.bucket(vendor.name(), vendor.account(), vendor.requestsPerSecond(), System.currentTimeMillis()),
                spacings.computeIfAbsent(vendor.name() + "/" + vendor.account(), key -> new CallSpacing()),
                vendor.requestsPerSecond());
    }

    private synchronized void startRenewal() {
        if (renewal != null) return;
        renewal = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lease-renewal").factory());
        long every = leaseTtl.toMillis() / 3;
        renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            leases.renew();
        } catch (RuntimeException e) {
            // thrown out, it would cancel every later renewal; the next one may find the database back
            log.warn("Could not renew the vendor slot leases of {}: {}", leases.holder(), e.toString());
        }
    }

    /** The process ends: its leases are given back at once rather than left to expire. */
    @Override
    public synchronized void destroy() {
        if (renewal == null) return; // no lane was opened: there is nothing to give back
        renewal.shutdownNow();
        renewal = null;
        try {
            leases.releaseAll();
        } catch (RuntimeException e) {
            log.info("Left the vendor slot leases of {} to expire: {}", leases.holder(), e.toString());
        }
    }

    /** pid@host, as serve names itself, and a random suffix: two Spring contexts of one JVM are two holders. */
    private static String self() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return ProcessHandle.current().pid() + "@" + host + "#" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
