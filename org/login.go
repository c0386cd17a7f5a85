package org

import (
	"congvu"
	"errors"
	"fmt"
	"time"
)

// The sign-in back-off. Wrong passwords slow down the pair of an account
// name and a client address, never the account as a whole: whoever guesses
// from one address cannot keep the owner, at another address, out. A
// looser cap per account makes guessing from many addresses slow too,
// without refusing a first try from an address new to the account. Unknown
// account names go through exactly the same steps, so the answers do not
// tell which names exist.
const (
	// LoginFreeFailures is how many wrong passwords a pair may send before
	// it has to wait.
	LoginFreeFailures = 5
	// LoginFirstDelay is the wait after the last free failure; each further
	// failure doubles it, up to LoginMaxDelay.
	LoginFirstDelay = 30 * time.Second
	LoginMaxDelay   = 15 * time.Minute
	// LoginFailureMemory is how long a pair's failures are remembered
	// after its last one.
	LoginFailureMemory = 24 * time.Hour
	// LoginAccountFailures wrong passwords on one account name within
	// LoginAccountWindow, from all addresses together, put the account
	// under pressure: every pair then waits after each failure, not after
	// LoginFreeFailures. A pair without failures still gets its try.
	LoginAccountFailures = 20
	LoginAccountWindow   = 15 * time.Minute
)

// LoginDelay is how long a pair must wait after its failures-th wrong
// password (counted since its last success, within LoginFailureMemory);
// underPressure is whether the account has had LoginAccountFailures
// failures within LoginAccountWindow. Zero: no wait.
func LoginDelay(failures int, underPressure bool) time.Duration {
	free := LoginFreeFailures
	if underPressure {
		free = 1
	}
	if failures < free {
		return 0
	}
	d := LoginFirstDelay
	for i := free; i < failures && d < LoginMaxDelay; i++ {
		d *= 2
	}
	return min(d, LoginMaxDelay)
}

// WaitError is an ELIMIT error that says how long to wait before trying
// again; the edges send it as Retry-After.
type WaitError struct {
	Err  *congvu.Error
	Wait time.Duration
}

func (e *WaitError) Error() string { return e.Err.Error() }

// Unwrap lets congvu.ErrorCode and ErrorMessage see the congvu.Error.
func (e *WaitError) Unwrap() error { return e.Err }

// RetryAfter returns how long err asks to wait, and whether it says so.
func RetryAfter(err error) (time.Duration, bool) {
	var w *WaitError
	if errors.As(err, &w) {
		return w.Wait, true
	}
	return 0, false
}

// ErrLoginWait is the answer to a sign-in from a pair that must wait: the
// same whether or not the account exists. underPressure is whether the
// account name has had LoginAccountFailures failures from everywhere, when
// one failure of the pair is enough to wait: the person trying is then
// most likely not the one guessing.
func ErrLoginWait(wait time.Duration, underPressure bool) error {
	if underPressure {
		return &WaitError{Wait: wait, Err: congvu.Errorf(congvu.ELIMIT,
			"Tài khoản này đang bị thử mật khẩu nhiều lần; xin chờ %s rồi thử lại.", waitText(wait))}
	}
	return &WaitError{Wait: wait, Err: congvu.Errorf(congvu.ELIMIT,
		"Đã nhập sai mật khẩu của tài khoản này %d lần trở lên từ mạng của bạn. Xin thử lại sau %s.", LoginFreeFailures, waitText(wait))}
}

// LoginRule says the sign-in back-off in Vietnamese, for the login page.
func LoginRule() string {
	return fmt.Sprintf("Sau %d lần nhập sai mật khẩu của một tài khoản từ cùng một mạng, lần thử tiếp theo từ mạng đó phải chờ %s; "+
		"mỗi lần sai thêm, thời gian chờ tăng gấp đôi (tối đa %s). Khi một tài khoản bị thử sai nhiều lần từ nhiều nơi, "+
		"chỉ một lần sai đã phải chờ; nơi chưa nhập sai vẫn đăng nhập được.",
		LoginFreeFailures, waitText(LoginFirstDelay), waitText(LoginMaxDelay))
}

// ErrLoginBusy is the answer when too many sign-ins arrive at once for the
// server to check their passwords in time.
func ErrLoginBusy(wait time.Duration) error {
	return &WaitError{Wait: wait, Err: congvu.Errorf(congvu.ELIMIT,
		"Hệ thống đang bận vì có nhiều lượt đăng nhập cùng lúc. Xin thử lại sau %s.", waitText(wait))}
}

// waitText says a wait in Vietnamese: "30 giây", "2 phút".
func waitText(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d giây", max(1, int((d+time.Second-1)/time.Second)))
	}
	return fmt.Sprintf("%d phút", int((d+time.Minute-1)/time.Minute))
}
