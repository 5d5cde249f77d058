# An image with no /bin/sh: one static binary, as FROM scratch images often
# are. A stop cannot end a process here (it needs a shell); the tests show
# that the call still works and the stop says so.
FROM scratch
COPY busybox /busybox
CMD ["/busybox", "sleep", "2147483647"]
