package io.pyrope.ai.features;

/**
 * Node gauges scraped from the admin API's {@code /v1/metrics} (Prometheus text), when the
 * controller was given {@code --admin-url}.
 *
 * @param scrapedMs when they were read
 * @param cacheMemoryBytes {@code vector_db_cache_memory_bytes{tenant="_all"}}, -1 when absent
 * @param faissQueueDepth sum of {@code vector_db_faiss_queue_depth}, -1 when absent
 * @param logQueueDepth sum of {@code vector_db_log_queue_depth}, -1 when absent
 */
public record SystemFeatures(long scrapedMs, long cacheMemoryBytes, long faissQueueDepth, long logQueueDepth) {}
