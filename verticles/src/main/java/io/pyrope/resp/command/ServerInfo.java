package io.pyrope.resp.command;

import io.pyrope.resp.NodeStats;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Node-wide facts the connection commands need. Immutable apart from the live {@link NodeStats}
 * and the {@code extraInfo} supplier, which other parts of the node fill in (Kafka, indexes).
 *
 * @param version the Pyrope version
 * @param redisCompatVersion the Redis version whose commands and replies we follow, for clients that ask
 * @param respPort the RESP port actually bound
 * @param httpPort the HTTP admin port actually bound
 * @param maxClients the connection limit
 * @param limits protocol limits for authenticated clients
 * @param maxPipeline replies one connection may have pending before reading pauses
 * @param stats live counters and the client table
 * @param auth the credential check
 * @param commands the command table (COMMAND introspects it)
 * @param extraInfo extra INFO sections by name (e.g. "kafka"), each a list of key:value lines
 */
public record ServerInfo(
    String version,
    String redisCompatVersion,
    int respPort,
    int httpPort,
    int maxClients,
    io.pyrope.resp.protocol.RespLimits limits,
    int maxPipeline,
    NodeStats stats,
    Authenticator auth,
    CommandRegistry commands,
    Supplier<Map<String, Map<String, Object>>> extraInfo) {}
