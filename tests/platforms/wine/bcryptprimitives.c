// Debian's wine 8.0 has no bcryptprimitives.dll; Windows 10 and later do,
// and Go's runtime (1.24+) loads ProcessPrng from it at start. Only the wine
// test prefix gets this stand-in, built on the fly by tests/platforms/run.sh;
// it draws from bcrypt's system RNG, as the real one does.
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
	while (size > 0) {
		ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}
