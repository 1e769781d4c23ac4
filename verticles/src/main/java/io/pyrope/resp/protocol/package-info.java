/**
 * The RESP wire layer: what a Redis-protocol client sends and what it gets back, with no
 * networking. {@link io.pyrope.resp.protocol.RespRequestParser} turns bytes into
 * {@link io.pyrope.resp.protocol.RespCommand}s under {@link io.pyrope.resp.protocol.RespLimits};
 * commands answer with {@link io.pyrope.resp.protocol.RespValue}s, which
 * {@link io.pyrope.resp.protocol.RespEncoder} writes as RESP2 or RESP3.
 *
 * <p>A connection handler wires them as:
 * <pre>{@code
 * RespRequestParser parser = new RespRequestParser(
 *     authRequired ? RespLimits.UNAUTHENTICATED : RespLimits.DEFAULT,
 *     new RespRequestHandler() {
 *       public void onCommand(RespCommand cmd) { dispatch(cmd); }
 *       public void onProtocolError(String message) {
 *         socket.end(RespEncoder.encode(RespValue.ErrorReply.err(message), protocol));
 *       }
 *     });
 * socket.handler(parser::feed);
 * }</pre>
 */
package io.pyrope.resp.protocol;
