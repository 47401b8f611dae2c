package io.retouch.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One request-rate token bucket per account, kept by Bucket4j in {@code vendor_rate_bucket} and
 * shared by every process: each take is a transaction under a PostgreSQL advisory lock of the bucket.
 */
final class RateBuckets {

    /**
     * Calls granted a period apart can reach the vendor closer together than that: a waiting caller
     * wakes late on a busy host, a submit reads its input and writes its intent before it sends. The
     * period is stretched so that rps + 1 calls span 1 s plus this much: a vendor counting arrivals
     * finds no more than the rate in any second unless one call is delayed this much more than the
     * call rps after it. It costs about 9% of the rate (rps / 1.1 on average).
     */
    static final Duration ARRIVAL_SPREAD = Duration.ofMillis(100);
    /** High half of the advisory lock key of a bucket: 'RETB'; the low half is the key's hash. */
    private static final long LOCK_NAMESPACE = 0x52455442L << 32;

    private final ProxyManager<String> buckets;

    RateBuckets(DataSource dataSource) {
        buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .lockIdSupplier(key -> LOCK_NAMESPACE | (key.hashCode() & 0xFFFFFFFFL))
                .table("vendor_rate_bucket")
                .build();
    }

    /**
     * The account's bucket at {@code rps}. The stored configuration is replaced when {@code version}
     * is newer than the one it was stored with: the lane opened last sets the account's rate.
     * Tokens carry over as they are, so calls already waiting stay counted.
     */
    Bucket bucket(String vendor, String account, double rps, long version) {
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(bandwidth(rps)).build();
        return buckets.builder()
                .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.AS_IS)
                .build(vendor + "/" + account, () -> configuration);
    }

    /**
     * One token, refilled every (1 s + {@link #ARRIVAL_SPREAD}) / rps: calls start at least that far
     * apart, so any one-second window holds at most rps of them (rounded up for a fractional rate),
     * never a burst. A larger capacity would let a full bucket and a second of refill both fall into
     * one second: up to capacity + rps calls.
     */
    static Bandwidth bandwidth(double rps) {
        long period = periodNanos(rps);
        return Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofNanos(period)).build();
    }

    /** How far apart the calls of an account at {@code rps} start: (1 s + {@link #ARRIVAL_SPREAD}) / rps. */
    static long periodNanos(double rps) {
        return Math.round((1_000_000_000L + ARRIVAL_SPREAD.toNanos()) / rps);
    }
}
