package org.keneya.adapters.sms;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.keneya.config.SmppConfig;
import org.keneya.flows.messages.Gsm7Alphabet;
import org.keneya.flows.messages.SmsLength;
import org.keneya.flows.people.Msisdn;
import org.keneya.flows.ports.RemoteFailure;
import org.keneya.flows.retry.Backoff;
import org.keneya.flows.ports.SmsSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS through an operator's SMSC over SMPP 3.4 (jSMPP), bound as a transceiver so that delivery
 * receipts come back on the session that sent the messages.
 *
 * <p>jSMPP's calls block until the SMSC answers: they run on this sender's own threads, never on
 * the event loop, and their outcome is handed back on the Vert.x context of the caller. At most
 * {@code windowSize} submit_sm await their answer at once, as operators' contracts require. When the
 * link drops the session is bound again, {@code reconnectBackoffMillis} later and doubling with
 * each failed bind; a send meanwhile waits for the bind up to {@code timeoutMillis}.
 *
 * <p>A message longer than one SMS goes as several submit_sm carrying a concatenation header; the
 * id returned, and the only part a delivery receipt is asked for, is the first's.
 */
public final class SmppSms implements SmsSender, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmppSms.class);

  /** Refusals that submitting the same message again cannot fix. Anything else (throttled, queue full, system error) may pass. */
  private static final Set<Integer> PERMANENT = Set.of(
      SMPPConstant.STAT_ESME_RINVMSGLEN, SMPPConstant.STAT_ESME_RINVSRCADR, SMPPConstant.STAT_ESME_RINVDSTADR,
      SMPPConstant.STAT_ESME_RINVESMCLASS, SMPPConstant.STAT_ESME_RINVSRCTON, SMPPConstant.STAT_ESME_RINVSRCNPI,
      SMPPConstant.STAT_ESME_RINVDSTTON, SMPPConstant.STAT_ESME_RINVDSTNPI, SMPPConstant.STAT_ESME_RINVNUMDESTS,
      SMPPConstant.STAT_ESME_RX_P_APPN, SMPPConstant.STAT_ESME_RX_R_APPN, SMPPConstant.STAT_ESME_RINVDCS,
      SMPPConstant.STAT_ESME_RPROHIBITED, SMPPConstant.STAT_ESME_RSERTYPDENIED, SMPPConstant.STAT_ESME_RSERTYPUNAUTH,
      SMPPConstant.STAT_ESME_RINVTLVVAL, SMPPConstant.STAT_ESME_RINVREGDLVFLG, SMPPConstant.STAT_ESME_RINVSERTYP);
  /** Waits between binds stop doubling here: an SMSC down for an hour is tried again every minute. */
  private static final long MAX_BACKOFF_MILLIS = 60_000;
  /** Sends waiting for a free submitter beyond this are refused at once rather than piling up behind a dead link. */
  private static final int QUEUE_CAPACITY = 10_000;
  private static final int GSM_SINGLE = 160;
  /** 160 septets less the 7 that carry the 6-byte concatenation header. */
  private static final int GSM_PART = 153;
  private static final int UCS2_SINGLE = 70;
  /** 140 bytes less the 6-byte header, in UTF-16 units. */
  private static final int UCS2_PART = 67;

  /**
   * What the SMSC reported about a message: its id (as submit_sm_resp gave it), the receipt's
   * {@code stat} (DELIVRD, UNDELIV, EXPIRED, REJECTD, ...) and {@code err} (operator-specific code).
   */
  public record Receipt(String messageId, String status, String error) {
    /** The status in the words of the HTTP delivery reports (Success, Failed, Rejected, Sent), upper case. */
    public String reportStatus() {
      return switch (status) {
        case "DELIVRD" -> "SUCCESS";
        case "REJECTD" -> "REJECTED";
        case "ENROUTE", "ACCEPTD" -> "SENT";
        default -> "FAILED";
      };
    }

    /** The failure reason in the HTTP reports' words, so that a passing one (phone off until expiry) is sent again; null when delivered. */
    public String failureReason() {
      return switch (status) {
        case "DELIVRD", "ENROUTE", "ACCEPTD" -> null;
        case "EXPIRED" -> "ABSENTSUBSCRIBER";
        case "UNDELIV" -> "DELIVERYFAILURE";
        case "REJECTD", "DELETED" -> "REJECTED";
        default -> "UNKNOWNFAILURE";
      };
    }
  }

  private final Vertx vertx;
  private final Context receiptContext;
  private final SmppConfig config;
  private final Consumer<Receipt> receipts;
  private final ThreadPoolExecutor submitters;
  private final ScheduledExecutorService binder;
  private final Semaphore window;
  private final AtomicInteger reference = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
  private final TypeOfNumber sourceTon;
  private final NumberingPlanIndicator sourceNpi;
  private final String source;

  private final Object bindLock = new Object();
  /** The bound session, null while (re)binding. Guarded by {@link #bindLock}. */
  private SMPPSession session;
  private int failedBinds;
  private boolean bindScheduled;
  private volatile boolean closed;
  private final Promise<Void> firstBind = Promise.promise();

  /**
   * @param receipts told of each delivery receipt, on the Vert.x context this sender was created on
   */
  public SmppSms(Vertx vertx, SmppConfig config, Consumer<Receipt> receipts) {
    this.vertx = vertx;
    this.receiptContext = vertx.getOrCreateContext();
    this.config = config;
    this.receipts = receipts;
    this.window = new Semaphore(config.windowSize());
    this.submitters = new ThreadPoolExecutor(config.windowSize(), config.windowSize(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(QUEUE_CAPACITY), daemon("keneya-smpp-submit-"));
    submitters.allowCoreThreadTimeOut(true);
    this.binder = Executors.newSingleThreadScheduledExecutor(daemon("keneya-smpp-bind-"));
    String from = config.sourceAddress().strip();
    if (from.matches("\\+[0-9]+")) {
      sourceTon = TypeOfNumber.INTERNATIONAL;
      sourceNpi = NumberingPlanIndicator.ISDN;
      source = from.substring(1);
    } else if (from.matches("[0-9]+")) {
      sourceTon = TypeOfNumber.UNKNOWN;
      sourceNpi = NumberingPlanIndicator.ISDN;
      source = from;
    } else {
      sourceTon = TypeOfNumber.ALPHANUMERIC;
      sourceNpi = NumberingPlanIndicator.UNKNOWN;
      source = from;
    }
  }

  /**
   * Binds, and keeps binding again whenever the link drops, until {@link #close()}. Completes when
   * the first bind succeeds, or fails with the first bind's failure (binding goes on in the background).
   */
  public CompletionStage<Void> start() {
    scheduleBind(0);
    return firstBind.future().toCompletionStage();
  }

  /** Whether a session is bound now. */
  public boolean bound() {
    synchronized (bindLock) {
      return session != null;
    }
  }

  @Override
  public CompletionStage<String> send(Msisdn to, String message) {
    Context caller = vertx.getOrCreateContext();
    Promise<String> promise = Promise.promise();
    List<byte[]> parts;
    boolean gsm = SmsLength.isGsm7(message);
    try {
      parts = gsm ? gsmParts(message) : ucs2Parts(message);
    } catch (IllegalArgumentException e) {
      return io.vertx.core.Future.<String>failedFuture(new RemoteFailure(e.getMessage(), true)).toCompletionStage();
    }
    try {
      submitters.execute(() -> {
        try {
          String id = submitAll(to, parts, gsm ? (byte) 0x00 : (byte) 0x08);
          caller.runOnContext(v -> promise.complete(id));
        } catch (RemoteFailure e) {
          caller.runOnContext(v -> promise.fail(e));
        } catch (RuntimeException e) {
          LOG.error("SMPP submit to {} failed unexpectedly", to.masked(), e);
          caller.runOnContext(v -> promise.fail(new RemoteFailure("SMPP submit failed: " + e, false)));
        }
      });
    } catch (RejectedExecutionException e) {
      promise.fail(new RemoteFailure(closed ? "SMPP sender closed" : "SMPP send queue full", false));
    }
    return promise.future().toCompletionStage();
  }

  @Override
  public void close() {
    SMPPSession last;
    synchronized (bindLock) {
      closed = true;
      last = session;
      session = null;
      bindLock.notifyAll();
    }
    binder.shutdownNow();
    submitters.shutdown();
    if (last != null) last.unbindAndClose();
    firstBind.tryFail(new RemoteFailure("SMPP sender closed", false));
  }

  private String submitAll(Msisdn to, List<byte[]> parts, byte dataCoding) {
    String destination = to.e164().substring(1);
    byte ref = (byte) reference.getAndIncrement();
    String first = null;
    for (int i = 0; i < parts.size(); i++) {
      byte[] payload = parts.get(i);
      ESMClass esm = new ESMClass();
      if (parts.size() > 1) {
        payload = withConcatenationHeader(payload, ref, parts.size(), i + 1);
        esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI);
      }
      // One receipt per message, under the id the caller keeps: the first part's.
      RegisteredDelivery delivery = new RegisteredDelivery(i == 0 ? SMSCDeliveryReceipt.SUCCESS_FAILURE : SMSCDeliveryReceipt.DEFAULT);
      try {
        String id = submitOne(destination, esm, delivery, dataCoding, payload);
        if (first == null) first = id;
      } catch (RemoteFailure e) {
        LOG.warn("SMPP submit to {} part {}/{} failed: {}", to.masked(), i + 1, parts.size(), e.getMessage());
        // Parts already accepted will reach the phone: the caller may want to know under which id.
        throw first == null ? e : new RemoteFailure(e.getMessage() + " (part " + (i + 1) + "/" + parts.size() + ")", e.permanent(), first);
      }
    }
    return first;
  }

  private String submitOne(String destination, ESMClass esm, RegisteredDelivery delivery, byte dataCoding, byte[] payload) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis());
    SMPPSession bound = awaitBound(deadline);
    if (bound == null) throw new RemoteFailure(closed ? "SMPP sender closed" : "SMPP session not bound", false);
    try {
      if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new RemoteFailure("SMPP window full (" + config.windowSize() + " submit_sm awaiting an answer)", false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteFailure("SMPP submit interrupted", false);
    }
    try {
      return bound.submitShortMessage(null,
          sourceTon, sourceNpi, source, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination,
          esm, (byte) 0, (byte) 0, null, null, delivery, (byte) 0, new RawDataCoding(dataCoding), (byte) 0, payload)
          .getMessageId();
    } catch (NegativeResponseException e) {
      int status = e.getCommandStatus();
      throw new RemoteFailure("SMSC refused submit_sm: command_status 0x" + Integer.toHexString(status), PERMANENT.contains(status));
    } catch (ResponseTimeoutException e) {
      throw new RemoteFailure("SMSC did not answer submit_sm within " + config.timeoutMillis() + " ms", false);
    } catch (PDUException e) {
      // Our own fields did not fit SMPP (address too long): sending them again changes nothing.
      throw new RemoteFailure("submit_sm could not be built: " + e.getMessage(), true);
    } catch (InvalidResponseException | IOException e) {
      throw new RemoteFailure("SMPP link failed during submit_sm: " + e.getMessage(), false);
    } finally {
      window.release();
    }
  }

  private SMPPSession awaitBound(long deadline) {
    synchronized (bindLock) {
      while (session == null && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return null;
        try {
          TimeUnit.NANOSECONDS.timedWait(bindLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return session;
    }
  }

  private void scheduleBind(long delayMillis) {
    synchronized (bindLock) {
      if (closed || bindScheduled) return;
      bindScheduled = true;
    }
    try {
      binder.schedule(this::bind, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void bind() {
    synchronized (bindLock) {
      bindScheduled = false;
      if (closed) return;
    }
    SMPPSession candidate = new SMPPSession();
    candidate.setEnquireLinkTimer(config.enquireLinkSeconds() * 1000);
    candidate.setTransactionTimer(config.timeoutMillis());
    candidate.setMessageReceiverListener(new ReceiptListener());
    try {
      candidate.connectAndBind(config.host(), config.port(), new BindParameter(BindType.BIND_TRX, config.systemId(),
          config.password(), config.systemType() == null ? "" : config.systemType(), TypeOfNumber.UNKNOWN,
          NumberingPlanIndicator.UNKNOWN, null), config.timeoutMillis());
    } catch (IOException | RuntimeException e) {
      candidate.close();
      int failures;
      synchronized (bindLock) {
        failures = ++failedBinds;
      }
      long delay = rebindDelayMillis(config.reconnectBackoffMillis(), failures);
      // Never the password; jSMPP's message names only the refusal ("negative bind response 0xe").
      LOG.warn("SMPP bind to {}:{} as {} failed ({}); trying again in {} ms", config.host(), config.port(), config.systemId(),
          e.getMessage(), delay);
      firstBind.tryFail(new RemoteFailure("SMPP bind failed: " + e.getMessage(), false));
      scheduleBind(delay);
      return;
    }
    candidate.addSessionStateListener((newState, oldState, source) -> {
      if (!newState.isBound()) dropped(candidate, newState);
    });
    synchronized (bindLock) {
      if (closed) {
        candidate.unbindAndClose();
        return;
      }
      session = candidate;
      failedBinds = 0;
      bindLock.notifyAll();
    }
    LOG.info("SMPP bound to {}:{} as {} (transceiver)", config.host(), config.port(), config.systemId());
    firstBind.tryComplete();
    // The link may have dropped before the listener was there to see it.
    if (!candidate.getSessionState().isBound()) dropped(candidate, candidate.getSessionState());
  }

  private void dropped(SMPPSession lost, SessionState state) {
    synchronized (bindLock) {
      if (session != lost) return;
      session = null;
      if (closed) return;
    }
    LOG.warn("SMPP session to {}:{} lost ({}); binding again in {} ms", config.host(), config.port(), state,
        config.reconnectBackoffMillis());
    // Closed off jSMPP's own thread: the state listener runs inside the session it would close.
    try {
      binder.execute(lost::close);
    } catch (RejectedExecutionException e) {
      return;
    }
    scheduleBind(config.reconnectBackoffMillis());
  }

  /** The wait before the next bind after {@code failures} failed ones in a row (at least 1). */
  static long rebindDelayMillis(long reconnectBackoffMillis, int failures) {
    return Backoff.doubling(reconnectBackoffMillis, Math.max(reconnectBackoffMillis, MAX_BACKOFF_MILLIS)).delay(failures - 1);
  }

  /** Receipts only: this gateway takes members' SMS through the aggregator's HTTP callback, not here. */
  private final class ReceiptListener implements MessageReceiverListener {
    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
      if (!MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
        LOG.debug("SMPP deliver_sm that is not a delivery receipt ignored");
        return;
      }
      String id = null;
      String status = "UNKNOWN";
      String error = null;
      OptionalParameter receipted = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
      if (receipted instanceof OptionalParameter.OctetString octets) id = octets.getValueAsString().strip();
      try {
        DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
        if (id == null || id.isEmpty()) id = receipt.getId();
        if (receipt.getFinalStatus() != null) status = receipt.getFinalStatus().name();
        error = receipt.getError();
      } catch (InvalidDeliveryReceiptException | RuntimeException e) {
        if (id == null || id.isEmpty()) {
          // Acknowledged all the same: refusing it would only make the SMSC send it again and again.
          LOG.warn("SMPP delivery receipt without a readable id ignored: {}", e.getMessage());
          return;
        }
      }
      Receipt receipt = new Receipt(id, status, error);
      receiptContext.runOnContext(v -> {
        try {
          receipts.accept(receipt);
        } catch (RuntimeException e) {
          LOG.error("SMPP delivery receipt for {} could not be handled", receipt.messageId(), e);
        }
      });
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {}

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
      throw new ProcessRequestException("data_sm is not taken", SMPPConstant.STAT_ESME_RINVCMDID);
    }
  }

  /** The message in GSM 7-bit septets (one byte each, unpacked, as SMPP carries them), cut into SMS parts. */
  static List<byte[]> gsmParts(String text) {
    List<byte[]> units = new ArrayList<>(text.length());
    int septets = 0;
    for (int i = 0; i < text.length(); i++) {
      byte[] unit = Gsm7Alphabet.encode(text.charAt(i));
      units.add(unit);
      septets += unit.length;
    }
    int limit = septets <= GSM_SINGLE ? GSM_SINGLE : GSM_PART;
    List<byte[]> parts = new ArrayList<>();
    ByteArrayOutputStream part = new ByteArrayOutputStream(limit);
    for (byte[] unit : units) {
      // An escape and the character it announces must stay in the same part.
      if (part.size() + unit.length > limit) {
        parts.add(part.toByteArray());
        part.reset();
      }
      part.writeBytes(unit);
    }
    if (part.size() > 0 || parts.isEmpty()) parts.add(part.toByteArray());
    return checkCount(parts);
  }

  /** The message in UCS-2 (UTF-16 big-endian), cut into SMS parts without splitting a surrogate pair. */
  static List<byte[]> ucs2Parts(String text) {
    List<byte[]> parts = new ArrayList<>();
    if (text.length() <= UCS2_SINGLE) {
      parts.add(text.getBytes(StandardCharsets.UTF_16BE));
      return parts;
    }
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(start + UCS2_PART, text.length());
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--;
      parts.add(text.substring(start, end).getBytes(StandardCharsets.UTF_16BE));
      start = end;
    }
    return checkCount(parts);
  }

  private static List<byte[]> checkCount(List<byte[]> parts) {
    if (parts.size() > 255) throw new IllegalArgumentException("message too long for SMS: " + parts.size() + " parts");
    return parts;
  }

  /** 3GPP TS 23.040 concatenated short message, 8-bit reference: UDHL 5, IEI 0, length 3, reference, total, sequence. */
  static byte[] withConcatenationHeader(byte[] payload, byte reference, int total, int sequence) {
    byte[] out = new byte[6 + payload.length];
    out[0] = 0x05;
    out[1] = 0x00;
    out[2] = 0x03;
    out[3] = reference;
    out[4] = (byte) total;
    out[5] = (byte) sequence;
    System.arraycopy(payload, 0, out, 6, payload.length);
    return out;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
