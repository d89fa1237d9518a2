package org.keneya.adapters.sms;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * An SMSC in this process (jSMPP's server side) on a free local port, for the tests and the SMS
 * load test: accepts a bind with its system id and password, answers each submit_sm with a message
 * id, refuses {@link #INVALID} (invalid destination) and {@link #THROTTLED}, and, when asked, sends
 * each message's delivery receipt (DELIVRD) back on the same session, as a network would.
 */
public final class SmscSimulator implements ServerMessageReceiverListener, AutoCloseable {
  public static final String INVALID = "+22300000000";
  public static final String THROTTLED = "+22300000088";

  public final int port;
  public final List<BindRequest> binds = new CopyOnWriteArrayList<>();
  public final AtomicInteger refused = new AtomicInteger();
  /** Every submit_sm and the id it was given, when kept (tests); a load test keeps counts only. */
  public final List<SubmitSm> submits = new CopyOnWriteArrayList<>();
  public final List<String> ids = new CopyOnWriteArrayList<>();
  /** submit_sm accepted, and how many each destination received. */
  public final AtomicLong submitted = new AtomicLong();
  public final Map<String, Integer> perDestination = new ConcurrentHashMap<>();
  public final AtomicLong receiptsSent = new AtomicLong();
  /** When the first and the latest submit_sm arrived ({@link System#nanoTime()}), 0 before any. */
  public volatile long firstSubmitNanos;
  public volatile long lastSubmitNanos;
  private final String systemId;
  private final String password;
  private final boolean keepMessages;
  private final ExecutorService receipts;
  private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1000);
  private final SMPPServerSessionListener listener;
  private volatile boolean closed;
  public volatile SMPPServerSession current;

  /**
   * @param keepMessages keep every submit_sm (a test reads them); off, only counts are kept
   * @param sendReceipts send a DELIVRD receipt for each message accepted
   */
  public SmscSimulator(String systemId, String password, boolean keepMessages, boolean sendReceipts) throws IOException {
    this.systemId = systemId;
    this.password = password;
    this.keepMessages = keepMessages;
    this.receipts = sendReceipts ? Executors.newSingleThreadExecutor(r -> daemon(r, "smsc-receipts")) : null;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    listener = new SMPPServerSessionListener(port);
    listener.setMessageReceiverListener(this);
    daemon(this::acceptLoop, "smsc-accept").start();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SMPPServerSession session = listener.accept();
        sessions.add(session);
        daemon(() -> bind(session), "smsc-bind").start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void bind(SMPPServerSession session) {
    try {
      BindRequest request = session.waitForBind(2_000);
      if (systemId.equals(request.getSystemId()) && password.equals(request.getPassword())) {
        request.accept("keneya-smsc");
        current = session;
        binds.add(request);
      } else {
        refused.incrementAndGet();
        request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
      }
    } catch (Exception e) {
      session.close();
    }
  }

  @Override
  public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
    if (INVALID.substring(1).equals(submitSm.getDestAddress())) {
      throw new ProcessRequestException("invalid destination", SMPPConstant.STAT_ESME_RINVDSTADR);
    }
    if (THROTTLED.substring(1).equals(submitSm.getDestAddress())) {
      throw new ProcessRequestException("throttled", SMPPConstant.STAT_ESME_RTHROTTLED);
    }
    String id = "SMSC" + nextId.incrementAndGet();
    long now = System.nanoTime();
    if (submitted.getAndIncrement() == 0) firstSubmitNanos = now;
    lastSubmitNanos = now;
    perDestination.merge(submitSm.getDestAddress(), 1, Integer::sum);
    if (keepMessages) {
      submits.add(submitSm);
      ids.add(id);
    }
    // One receipt per message, asked for on its first part only.
    if (receipts != null && submitSm.isSmscDelReceiptSuccessAndFailureRequested()) {
      receipts.execute(() -> {
        try {
          deliverReceipt(source, id, DeliveryReceiptState.DELIVRD, "000");
          receiptsSent.incrementAndGet();
        } catch (Exception e) {
          // The session closed under us: the network would send it later; this one does not.
        }
      });
    }
    try {
      return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
    } catch (org.jsmpp.PDUStringException e) {
      throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
    }
  }

  /** Sends the delivery receipt of message {@code id} to the bound client. */
  public void deliverReceipt(String id, DeliveryReceiptState state, String error) throws Exception {
    deliverReceipt(current, id, state, error);
  }

  private static void deliverReceipt(SMPPServerSession session, String id, DeliveryReceiptState state, String error) throws Exception {
    DeliveryReceipt receipt = new DeliveryReceipt(id, 1, 1, new Date(), new Date(), state, error, "receipt");
    session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "22376123456",
        TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "KENEYA",
        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0, (byte) 0,
        new RegisteredDelivery(0), DataCodings.ZERO, receipt.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static ProcessRequestException unsupported() {
    return new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RINVCMDID);
  }

  @Override
  public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // Closing: nothing to do.
    }
    sessions.forEach(SMPPServerSession::close);
    if (receipts != null) receipts.shutdownNow();
  }
}
