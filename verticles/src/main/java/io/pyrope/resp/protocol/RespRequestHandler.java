package io.pyrope.resp.protocol;

/**
 * What a {@link RespRequestParser} reports, in wire order, on the thread that called
 * {@link RespRequestParser#feed}. Both methods must return quickly and must not throw: a handler
 * that throws fails the parser (see {@link RespRequestParser#feed}).
 */
public interface RespRequestHandler {

  /** One complete request. The command's argument arrays now belong to the handler. */
  void onCommand(RespCommand cmd);

  /**
   * The input is not RESP, or breaks a {@link RespLimits} limit. Called at most once; the parser
   * then ignores all further input. {@code message} is Redis's text, {@code "Protocol error: ..."};
   * reply {@code -ERR <message>} (see {@link RespValue.ErrorReply#err}) and close the connection.
   */
  void onProtocolError(String message);
}
