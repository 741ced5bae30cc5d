package io.serverlessorch.local.bench;

import io.serverlessorch.storage.dynamodb.Tables;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arithmetic of {@code scripts/capacity.sh}: from the capacity units a local run spent on each partition
 * key per order, the load on each key at a target rate, and what else that rate asks of AWS. Pure functions.
 *
 * <p>Keys are grouped in families: an index or bucket key {@code <family>#<n>} belongs to {@code <family>}, and
 * the family's load is spread over its keys (the index's shards, the hot product's buckets, the catalog's
 * products); an {@code order_id} key belongs to one order only. Per key, orders arrive at a mean of
 * {@code m} a second; as each lands on a key by a hash (or a customer's choice), some keys get more than
 * others: the projection allows {@code m + 3√m}, three standard deviations of a Poisson count above its mean,
 * which one key in about a thousand exceeds in a given second. A family of one key needs no allowance.
 */
final class CapacityModel {

    /** What one partition takes a second; a partition's budget is shared by reads and writes. */
    static final double WRITE_UNITS_PER_PARTITION = 1000;
    static final double READ_UNITS_PER_PARTITION = 3000;
    /** A key loaded above this share of a partition is a hot key. */
    static final double KEY_LIMIT = 0.80;
    /** Concurrent batches per stream shard an event source mapping can run. */
    static final int MAX_PARALLELIZATION_FACTOR = 10;
    /** Lambda's default concurrency per account and region, and how fast each function may scale. */
    static final int ACCOUNT_CONCURRENCY = 1000;
    static final int SCALING_ENVIRONMENTS = 1000;
    static final int SCALING_PERIOD_SECONDS = 10;
    /** DynamoDB's default quota of write request units a second per on-demand table (an index has its own). */
    static final int TABLE_WRITE_UNITS_QUOTA = 40_000;
    /** API Gateway's default account throttle for REST APIs, per region: steady and burst. */
    static final int API_GATEWAY_REQUESTS_PER_SECOND = 10_000;
    static final int API_GATEWAY_BURST = 5_000;

    private static final Pattern NUMBERED = Pattern.compile("(.+)#(\\d+)");

    private CapacityModel() {
    }

    /**
     * The traffic to project to: orders a second, the share of them holding the single hottest product, how
     * many other products the rest spread over, the hot product's stock buckets and the index shards.
     */
    record Workload(double ordersPerSecond, double hotProductShare, long products, int hotProductBuckets, int indexShards) {
    }

    /** The local run measured: its tables, the product playing the hot one, how many orders, how many of them held it. */
    record Sample(String ordersTable, String catalogTable, String hotProduct, long orders, long hotOrders) {
        long otherOrders() {
            return orders - hotOrders;
        }
    }

    /** Which orders reach a family of keys, and how many keys it spreads over. */
    enum Spread {
        /** The orders table's keys: one per order, never shared. */
        PER_ORDER,
        /** The customer index's keys: one per customer, shared only by that customer's own orders. */
        PER_CUSTOMER,
        /** Index keys {@code <key>#<shard>}: every order, over the index shards. */
        INDEX_SHARDS,
        /** One key every order reaches (an index key without shards). */
        SINGLE,
        /** The hot product's item: the orders holding it, on one key. */
        HOT_PRODUCT_ITEM,
        /** The hot product's stock buckets: the orders holding it, over its buckets. */
        HOT_PRODUCT_BUCKETS,
        /** The other products' items: the other orders, over the catalog. */
        OTHER_PRODUCTS
    }

    /** A family of partition keys: where (table, index or null) and its name, as {@code ACTIVE#<shard>}. */
    record Family(String table, String index, String name, Spread spread) {
        /** The index's name, or the table's for the table's own keys. */
        String where() {
            return index == null ? table : index;
        }
    }

    /** A key's family name: {@code ACTIVE#<shard>} for {@code ACTIVE#07}; a key without a number is its own family. */
    static String familyName(String key, String numberedAs) {
        Matcher numbered = NUMBERED.matcher(key);
        return numbered.matches() ? numbered.group(1) + "#<" + numberedAs + ">" : key;
    }

    static boolean numbered(String key) {
        return NUMBERED.matcher(key).matches();
    }

    /** The key without its {@code #<n>}: a bucket's product. */
    static String unnumbered(String key) {
        Matcher numbered = NUMBERED.matcher(key);
        return numbered.matches() ? numbered.group(1) : key;
    }

    /**
     * The family of the key some units landed on. The hot product's reads are on its item; its counter
     * writes are on its buckets when the workload gives it more than one, else on its item (with one bucket
     * the counters are the product item's), whatever the local run's product had.
     */
    static Family familyOf(KeyUnits units, Sample sample, Workload workload) {
        String key = units.key();
        if (units.table().equals(sample.ordersTable())) {
            if (units.index() == null) {
                return new Family(units.table(), null, "order_id (one key per order)", Spread.PER_ORDER);
            }
            if (units.index().equals(Tables.Orders.CUSTOMER_INDEX)) {
                return new Family(units.table(), units.index(), "customer_id (one key per customer)", Spread.PER_CUSTOMER);
            }
            return numbered(key)
                    ? new Family(units.table(), units.index(), familyName(key, "shard"), Spread.INDEX_SHARDS)
                    : new Family(units.table(), units.index(), key, Spread.SINGLE);
        }
        if (units.table().equals(sample.catalogTable())) {
            if (unnumbered(key).equals(sample.hotProduct())) {
                boolean onBuckets = units.writeUnits() > 0 && workload.hotProductBuckets() > 1;
                return onBuckets
                        ? new Family(units.table(), null, sample.hotProduct() + "#<bucket> (hot product's stock)", Spread.HOT_PRODUCT_BUCKETS)
                        : new Family(units.table(), null, sample.hotProduct() + " (hot product's item)", Spread.HOT_PRODUCT_ITEM);
            }
            return new Family(units.table(), null, "<product_id> (each other product)", Spread.OTHER_PRODUCTS);
        }
        return new Family(units.table(), units.index(), key, Spread.SINGLE);
    }

    /** A family's units per order that reaches it, as measured. */
    record Measured(Family family, double writeUnitsPerOrder, double readUnitsPerOrder) {
    }

    /** Sums the units per family and divides them by the sample's orders that reach each family. */
    static List<Measured> perOrder(Collection<KeyUnits> units, Sample sample, Workload workload) {
        Map<Family, double[]> sums = new LinkedHashMap<>();
        for (KeyUnits unit : units) {
            double[] sum = sums.computeIfAbsent(familyOf(unit, sample, workload), family -> new double[2]);
            sum[0] += unit.writeUnits();
            sum[1] += unit.readUnits();
        }
        List<Measured> measured = new ArrayList<>();
        sums.forEach((family, sum) -> {
            long reached = switch (family.spread()) {
                case HOT_PRODUCT_ITEM, HOT_PRODUCT_BUCKETS -> sample.hotOrders();
                case OTHER_PRODUCTS -> sample.otherOrders();
                default -> sample.orders();
            };
            measured.add(new Measured(family, sum[0] / Math.max(1, reached), sum[1] / Math.max(1, reached)));
        });
        return measured;
    }

    /** Orders a second that reach a family at the target. */
    static double ordersPerSecond(Spread spread, Workload workload) {
        return switch (spread) {
            case HOT_PRODUCT_ITEM, HOT_PRODUCT_BUCKETS -> workload.ordersPerSecond() * workload.hotProductShare();
            case OTHER_PRODUCTS -> workload.ordersPerSecond() * (1 - workload.hotProductShare());
            default -> workload.ordersPerSecond();
        };
    }

    /** How many keys a family's orders spread over; for {@link Spread#PER_ORDER}, 1: each order has its own. */
    static long keys(Spread spread, Workload workload) {
        return switch (spread) {
            case INDEX_SHARDS -> workload.indexShards();
            case HOT_PRODUCT_BUCKETS -> workload.hotProductBuckets();
            case OTHER_PRODUCTS -> workload.products();
            default -> 1;
        };
    }

    /** The orders a second to allow on a key whose mean is {@code mean}: {@code m + 3√m}. */
    static double withImbalance(double mean) {
        return mean + 3 * Math.sqrt(mean);
    }

    /** A key's load as a share of one partition: its write units against 1,000 plus its read units against 3,000. */
    static double utilisation(double writeUnitsPerSecond, double readUnitsPerSecond) {
        return writeUnitsPerSecond / WRITE_UNITS_PER_PARTITION + readUnitsPerSecond / READ_UNITS_PER_PARTITION;
    }

    static boolean over(double utilisation) {
        return utilisation > KEY_LIMIT;
    }

    /**
     * The busiest key of a family at the target.
     *
     * @param ordersPerSecondPerKey the mean; {@code allowedOrdersPerSecondPerKey} with the hashing allowance
     */
    record KeyLoad(Family family, double writeUnitsPerOrder, double readUnitsPerOrder, double ordersPerSecond, long keys,
                   double ordersPerSecondPerKey, double allowedOrdersPerSecondPerKey, double writeUnitsPerSecond,
                   double readUnitsPerSecond, double utilisation) {
        boolean over() {
            return CapacityModel.over(utilisation);
        }
    }

    static KeyLoad project(Measured measured, Workload workload) {
        Spread spread = measured.family().spread();
        double orders = ordersPerSecond(spread, workload);
        long keys = keys(spread, workload);
        double mean;
        double allowed;
        if (spread == Spread.PER_ORDER || spread == Spread.PER_CUSTOMER) {
            // Each order has its own key: at most all of its units within one second, whatever the rate. A customer's key
            // takes that customer's orders, one at a time as people place them, whatever the rate of all customers.
            mean = orders > 0 ? 1 : 0;
            allowed = mean;
        } else {
            mean = orders / keys;
            allowed = keys > 1 ? withImbalance(mean) : mean;
        }
        double writes = allowed * measured.writeUnitsPerOrder();
        double reads = allowed * measured.readUnitsPerOrder();
        return new KeyLoad(measured.family(), measured.writeUnitsPerOrder(), measured.readUnitsPerOrder(), orders, keys,
                mean, allowed, writes, reads, utilisation(writes, reads));
    }

    /** Every family's busiest key at the target, hottest first. */
    static List<KeyLoad> project(List<Measured> measured, Workload workload) {
        return measured.stream().map(family -> project(family, workload))
                .sorted(Comparator.comparingDouble(KeyLoad::utilisation).reversed()).toList();
    }

    /** 1 when some key is above {@link #KEY_LIMIT} of a partition, else 0. */
    static int exitStatus(List<KeyLoad> loads) {
        return loads.stream().anyMatch(KeyLoad::over) ? 1 : 0;
    }

    /** A table's write units a second at the target (its items, not its indexes). */
    static double tableWriteUnitsPerSecond(String table, List<Measured> measured, Workload workload) {
        return measured.stream().filter(family -> family.family().table().equals(table) && family.family().index() == null)
                .mapToDouble(family -> family.writeUnitsPerOrder() * ordersPerSecond(family.family().spread(), workload)).sum();
    }

    /** DynamoDB Streams has about one shard per table partition, and a partition takes 1,000 write units a second. */
    static int streamShards(double tableWriteUnitsPerSecond) {
        return (int) Math.max(1, Math.ceil(tableWriteUnitsPerSecond / WRITE_UNITS_PER_PARTITION));
    }

    /**
     * Concurrent batches each shard needs to keep up: its records a second, over what one batch at a time
     * gets through ({@code recordsPerBatch / secondsPerBatch}); at least 1. Above
     * {@link #MAX_PARALLELIZATION_FACTOR} no setting keeps up.
     */
    static int parallelizationFactor(double recordsPerSecondPerShard, double recordsPerBatch, double secondsPerBatch) {
        if (recordsPerBatch <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.ceil(recordsPerSecondPerShard * secondsPerBatch / recordsPerBatch - 1e-9));
    }

    /** Whether a demand leaves a quota the same headroom as a key: at most {@link #KEY_LIMIT} of it. */
    static boolean withinQuota(double demand, double quota) {
        return demand <= KEY_LIMIT * quota;
    }

    /** Little's law: executions in flight = invocations a second × mean seconds each. */
    static double concurrency(double invocationsPerSecond, double meanSeconds) {
        return invocationsPerSecond * meanSeconds;
    }

    /**
     * Seconds a function takes to reach {@code concurrency} from nothing: Lambda adds up to 1,000 execution
     * environments every 10 seconds per function, the first 1,000 at once.
     */
    static int secondsToScale(double concurrency) {
        long steps = (long) Math.ceil(concurrency / SCALING_ENVIRONMENTS - 1e-9);
        return (int) Math.max(0, (steps - 1) * SCALING_PERIOD_SECONDS);
    }
}
