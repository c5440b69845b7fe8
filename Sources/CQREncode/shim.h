// libqrencode, from Debian's libqrencode-dev: QR codes for the check code on printed copies.
#include <qrencode.h>
