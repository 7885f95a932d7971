package io.memguard.websocket;

import io.memguard.rejection.RejectionReason;

import org.springframework.web.socket.CloseStatus;

/**
 * A cap on open sessions and how a session over it is refused.
 *
 * @param maxSessions the most sessions allowed
 * @param closeStatus the status a session over the cap is closed with
 * @param reason the rejection reason counted and sent at the handshake
 */
public record SessionCap(int maxSessions, CloseStatus closeStatus, RejectionReason reason) {

}
