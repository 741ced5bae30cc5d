package io.serverlessorch.local.bench;

import io.serverlessorch.local.bench.CapacityModel.Family;
import io.serverlessorch.local.bench.CapacityModel.KeyLoad;
import io.serverlessorch.local.bench.CapacityModel.Measured;
import io.serverlessorch.local.bench.CapacityModel.Sample;
import io.serverlessorch.local.bench.CapacityModel.Spread;
import io.serverlessorch.local.bench.CapacityModel.Workload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The projection's arithmetic: key families, the hashing allowance, a key's load, the verdict and the limits. */
class CapacityModelTest {

    private static final Sample SAMPLE = new Sample("orders", "catalog", "hot", 300, 100);
    /** 10,000 orders/s, 20 % with the hot product, 10,000 other products, 16 buckets, 32 index shards. */
    private static final Workload FLASH_SALE = new Workload(10_000, 0.2, 10_000, 16, 32);

    @Test
    void aNumberedKeyBelongsToItsFamilyAndAnyOtherKeyIsItsOwn() {
        assertEquals("ACTIVE#<shard>", CapacityModel.familyName("ACTIVE#07", "shard"));
        assertEquals("COMPLETED#<shard>", CapacityModel.familyName("COMPLETED#31", "shard"));
        assertEquals("PENDING", CapacityModel.familyName("PENDING", "shard"));
        assertEquals("EFFECT#RELEASE", CapacityModel.familyName("EFFECT#RELEASE", "shard"), "a suffix that is no number is part of the key");
        assertEquals("product-2", CapacityModel.unnumbered("product-2#15"));
        assertEquals("product-2", CapacityModel.unnumbered("product-2"));
    }

    @Test
    void eachKeyFallsInTheFamilyThatSaysWhoReachesItAndOverHowManyKeys() {
        assertEquals(Spread.PER_ORDER, spread(KeyUnits.write("orders", null, "0b6c7c8e", KeyUnits.Kind.ITEM, 1), FLASH_SALE));
        assertEquals(new Family("orders", "by-status", "ACTIVE#<shard>", Spread.INDEX_SHARDS),
                CapacityModel.familyOf(KeyUnits.write("orders", "by-status", "ACTIVE#3", KeyUnits.Kind.INDEX_ADD, 1), SAMPLE, FLASH_SALE));
        assertEquals(Spread.SINGLE, spread(KeyUnits.write("orders", "by-status", "PENDING", KeyUnits.Kind.INDEX_ADD, 1), FLASH_SALE),
                "an index key without shards is one key for every order");
        assertEquals(Spread.HOT_PRODUCT_BUCKETS, spread(KeyUnits.write("catalog", null, "hot#4", KeyUnits.Kind.ITEM, 1), FLASH_SALE));
        assertEquals(Spread.HOT_PRODUCT_ITEM, spread(KeyUnits.read("catalog", null, "hot", 0.5), FLASH_SALE));
        assertEquals(Spread.OTHER_PRODUCTS, spread(KeyUnits.write("catalog", null, "product-1", KeyUnits.Kind.ITEM, 1), FLASH_SALE));
        assertEquals(Spread.OTHER_PRODUCTS, spread(KeyUnits.read("catalog", null, "product-1", 0.5), FLASH_SALE));
    }

    @Test
    void aCustomersIndexKeyCarriesOnlyThatCustomersOrdersWhateverTheRate() {
        KeyUnits entry = KeyUnits.write("orders", io.serverlessorch.storage.dynamodb.Tables.Orders.CUSTOMER_INDEX, "cust-12345", KeyUnits.Kind.INDEX_ADD, 1);
        Family family = CapacityModel.familyOf(entry, SAMPLE, FLASH_SALE);

        KeyLoad load = CapacityModel.project(new Measured(family, 1, 0), FLASH_SALE);

        assertEquals(Spread.PER_CUSTOMER, family.spread());
        assertEquals(1, load.allowedOrdersPerSecondPerKey(), 1e-9, "one customer's orders, not the 10,000 a second of all");
        assertFalse(load.over());
    }

    @Test
    void theHotProductsCounterWritesGoWhereTheWorkloadsBucketsPutThem() {
        Workload oneBucket = new Workload(10_000, 0.2, 10_000, 1, 32);
        // Measured on buckets, projected to a product of one bucket: the counters are on the product item.
        assertEquals(Spread.HOT_PRODUCT_ITEM, spread(KeyUnits.write("catalog", null, "hot#4", KeyUnits.Kind.ITEM, 1), oneBucket));
        // Measured on the product item, projected to buckets: the writes move to them, the reads stay.
        assertEquals(Spread.HOT_PRODUCT_BUCKETS, spread(KeyUnits.write("catalog", null, "hot", KeyUnits.Kind.ITEM, 1), FLASH_SALE));
        assertEquals(Spread.HOT_PRODUCT_ITEM, spread(KeyUnits.read("catalog", null, "hot", 0.5), FLASH_SALE));
    }

    @Test
    void unitsPerOrderAreOverTheSampleOrdersThatReachTheFamily() {
        List<KeyUnits> trace = List.of(
                KeyUnits.write("orders", "by-status", "ACTIVE#1", KeyUnits.Kind.INDEX_ADD, 300),
                KeyUnits.write("orders", "by-status", "ACTIVE#2", KeyUnits.Kind.INDEX_REMOVE, 300),
                KeyUnits.write("catalog", null, "hot#0", KeyUnits.Kind.ITEM, 200),
                KeyUnits.write("catalog", null, "hot#9", KeyUnits.Kind.TRANSACTION_SURCHARGE, 200),
                KeyUnits.read("catalog", null, "hot", 100),
                KeyUnits.write("catalog", null, "product-1", KeyUnits.Kind.ITEM, 800),
                KeyUnits.read("catalog", null, "product-1", 200));

        Map<Spread, Measured> measured = CapacityModel.perOrder(trace, SAMPLE, FLASH_SALE).stream()
                .collect(Collectors.toMap(family -> family.family().spread(), Function.identity()));

        assertEquals(2.0, measured.get(Spread.INDEX_SHARDS).writeUnitsPerOrder(), "600 units over all 300 orders, both shards one family");
        assertEquals(4.0, measured.get(Spread.HOT_PRODUCT_BUCKETS).writeUnitsPerOrder(), "400 units over the 100 orders holding it");
        assertEquals(1.0, measured.get(Spread.HOT_PRODUCT_ITEM).readUnitsPerOrder());
        assertEquals(4.0, measured.get(Spread.OTHER_PRODUCTS).writeUnitsPerOrder(), "800 units over the 200 other orders");
        assertEquals(1.0, measured.get(Spread.OTHER_PRODUCTS).readUnitsPerOrder());
        assertEquals(4, measured.size());
    }

    @Test
    void theAllowanceIsThreeStandardDeviationsOfAPoissonCount() {
        assertEquals(130.0, CapacityModel.withImbalance(100), 1e-9);
        assertEquals(4.0, CapacityModel.withImbalance(1), 1e-9);
        assertEquals(0.0, CapacityModel.withImbalance(0), 1e-9);
    }

    @Test
    void aShardedIndexKeyCarriesItsShareOfTheOrdersWithTheAllowance() {
        Family active = new Family("orders", "by-status", "ACTIVE#<shard>", Spread.INDEX_SHARDS);
        KeyLoad load = CapacityModel.project(new Measured(active, 2, 0), new Workload(10_000, 0.05, 10_000, 16, 32));

        assertEquals(312.5, load.ordersPerSecondPerKey(), 1e-9);
        assertEquals(312.5 + 3 * Math.sqrt(312.5), load.allowedOrdersPerSecondPerKey(), 1e-9);
        assertEquals(731.07, load.writeUnitsPerSecond(), 0.01);
        assertEquals(0.731, load.utilisation(), 0.001);
        assertFalse(load.over());
        // Half the shards: twice the mean per key, over the limit.
        assertTrue(CapacityModel.project(new Measured(active, 2, 0), new Workload(10_000, 0.05, 10_000, 16, 16)).over());
    }

    @Test
    void aKeyOfItsOwnTakesItsWholeFamilyWithoutAllowanceAndAnOrdersKeyOnlyThatOrder() {
        Family hotItem = new Family("catalog", null, "hot", Spread.HOT_PRODUCT_ITEM);
        KeyLoad item = CapacityModel.project(new Measured(hotItem, 0, 1), FLASH_SALE);
        assertEquals(2000, item.ordersPerSecondPerKey(), 1e-9, "20 % of 10,000 orders/s");
        assertEquals(2000, item.allowedOrdersPerSecondPerKey(), 1e-9, "one key: nothing to hash unevenly");
        assertEquals(2000 / 3000.0, item.utilisation(), 1e-9);

        Family buckets = new Family("catalog", null, "hot#<bucket>", Spread.HOT_PRODUCT_BUCKETS);
        KeyLoad bucket = CapacityModel.project(new Measured(buckets, 4, 0), FLASH_SALE);
        assertEquals(125, bucket.ordersPerSecondPerKey(), 1e-9, "2,000 orders/s over 16 buckets");
        assertEquals(4 * (125 + 3 * Math.sqrt(125)), bucket.writeUnitsPerSecond(), 1e-9);

        Family others = new Family("catalog", null, "<product_id>", Spread.OTHER_PRODUCTS);
        assertEquals(0.8, CapacityModel.project(new Measured(others, 4, 1), FLASH_SALE).ordersPerSecondPerKey(), 1e-9,
                "8,000 orders/s over 10,000 products");

        Family order = new Family("orders", null, "order_id", Spread.PER_ORDER);
        KeyLoad perOrder = CapacityModel.project(new Measured(order, 14, 1), new Workload(1_000_000, 0.05, 10_000, 16, 32));
        assertEquals(14, perOrder.writeUnitsPerSecond(), 1e-9, "one order's units, whatever the rate");
    }

    @Test
    void aKeyIsJudgedByItsReadAndWriteSharesTogetherAgainstEightyPercent() {
        assertEquals(0.5 + 0.3, CapacityModel.utilisation(500, 900), 1e-9);
        assertFalse(CapacityModel.over(CapacityModel.utilisation(800, 0)), "80 % is the limit, not over it");
        assertTrue(CapacityModel.over(CapacityModel.utilisation(600, 900)), "60 % of writes and 30 % of reads share one partition");
        assertFalse(CapacityModel.over(CapacityModel.utilisation(0, 2400)));
    }

    @Test
    void theExitStatusIsOneWhenAnyKeyIsOver() {
        Family family = new Family("orders", "by-status", "ACTIVE#<shard>", Spread.INDEX_SHARDS);
        KeyLoad cool = new KeyLoad(family, 2, 0, 10_000, 32, 312.5, 365.5, 731, 0, 0.731);
        KeyLoad hot = new KeyLoad(family, 2, 0, 10_000, 8, 1250, 1356, 2712, 0, 2.712);

        assertEquals(0, CapacityModel.exitStatus(List.of(cool)));
        assertEquals(1, CapacityModel.exitStatus(List.of(cool, hot)));
        assertEquals(0, CapacityModel.exitStatus(List.of()));
        List<KeyLoad> projected = CapacityModel.project(List.of(
                new Measured(new Family("catalog", null, "hot", Spread.HOT_PRODUCT_ITEM), 0, 1),
                new Measured(family, 2, 0)), new Workload(10_000, 0.05, 10_000, 16, 4));
        assertEquals("ACTIVE#<shard>", projected.get(0).family().name(), "hottest first");
        assertEquals(1, CapacityModel.exitStatus(projected));
    }

    @Test
    void streamShardsFollowTheTablesWriteUnitsAndTheFactorWhatABatchGetsThrough() {
        assertEquals(140, CapacityModel.streamShards(140_000));
        assertEquals(1, CapacityModel.streamShards(1000));
        assertEquals(2, CapacityModel.streamShards(1001));
        assertEquals(1, CapacityModel.streamShards(0));
        // 429 records/s per shard; a batch of 12 records takes 0.12 s: 100 records/s per batch in flight.
        assertEquals(5, CapacityModel.parallelizationFactor(429, 12, 0.12));
        assertEquals(4, CapacityModel.parallelizationFactor(400, 12, 0.12), "exactly 4 batches' worth needs 4");
        assertEquals(1, CapacityModel.parallelizationFactor(10, 5, 0.1));
        assertTrue(CapacityModel.parallelizationFactor(5000, 2, 0.1) > CapacityModel.MAX_PARALLELIZATION_FACTOR);
        List<Measured> measured = List.of(
                new Measured(new Family("orders", null, "order_id", Spread.PER_ORDER), 14, 1),
                new Measured(new Family("orders", "by-status", "ACTIVE#<shard>", Spread.INDEX_SHARDS), 2, 0),
                new Measured(new Family("catalog", null, "hot", Spread.HOT_PRODUCT_ITEM), 0, 1));
        assertEquals(140_000, CapacityModel.tableWriteUnitsPerSecond("orders", measured, FLASH_SALE), 1e-9,
                "the table's items only: index entries have partitions of their own and no stream");
    }

    @Test
    void concurrencyIsLittlesLawAndScalingAddsAThousandEveryTenSeconds() {
        assertEquals(420, CapacityModel.concurrency(10_000, 0.042), 1e-9);
        assertEquals(0, CapacityModel.secondsToScale(999));
        assertEquals(0, CapacityModel.secondsToScale(1000));
        assertEquals(10, CapacityModel.secondsToScale(1001));
        assertEquals(20, CapacityModel.secondsToScale(2500));
        assertTrue(CapacityModel.withinQuota(800, CapacityModel.ACCOUNT_CONCURRENCY));
        assertFalse(CapacityModel.withinQuota(801, CapacityModel.ACCOUNT_CONCURRENCY), "the same 80 % headroom as a key");
        assertFalse(CapacityModel.withinQuota(10_000, CapacityModel.API_GATEWAY_REQUESTS_PER_SECOND), "at the limit is no headroom");
    }

    private static Spread spread(KeyUnits units, Workload workload) {
        return CapacityModel.familyOf(units, SAMPLE, workload).spread();
    }
}
