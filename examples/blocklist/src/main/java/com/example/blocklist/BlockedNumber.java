package com.example.blocklist;

import java.time.LocalDate;

/** A number an account refuses calls from; {@code expires} is {@code null} for never. */
record BlockedNumber(String accountId, String number, String reason, LocalDate expires) {
}
