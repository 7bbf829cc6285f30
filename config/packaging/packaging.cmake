# Debian packages, built by CPack (`cpack -G DEB --config build/CPackConfig.cmake`; the package
# tests in tests/CMakeLists.txt run it):
#   stampline-server    the server, its settings and the plant configuration in /etc/stampline,
#                       the hardened systemd unit and the nightly backup timer; data in
#                       /var/lib/stampline (made by postinst, owned by the system user stampline)
#   stampline-terminal  the station terminal, its settings, a kiosk user unit, the scanners'
#                       udev rules
#   stampline-tools     the admin command line `stampline` (backup, restore, tokens, stamps, ...)
set(pkg ${CMAKE_CURRENT_LIST_DIR})
set(doc share/doc)

install(TARGETS stampline-server RUNTIME DESTINATION bin COMPONENT server)
install(FILES ${pkg}/server.toml DESTINATION /etc/stampline COMPONENT server)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/demo/ DESTINATION /etc/stampline/plant
        COMPONENT server FILES_MATCHING PATTERN "*.toml")
install(FILES ${pkg}/systemd/stampline-server.service ${pkg}/systemd/stampline-backup.service
              ${pkg}/systemd/stampline-backup.timer
        DESTINATION /lib/systemd/system COMPONENT server)

install(TARGETS stampline-terminal RUNTIME DESTINATION bin COMPONENT terminal)
install(FILES ${pkg}/terminal.toml DESTINATION /etc/stampline COMPONENT terminal)
install(FILES ${pkg}/systemd/stampline-terminal.service DESTINATION lib/systemd/user
        COMPONENT terminal)
install(FILES ${PROJECT_SOURCE_DIR}/config/udev/70-stampline-scanners.rules
        DESTINATION /lib/udev/rules.d COMPONENT terminal)

install(TARGETS stampline RUNTIME DESTINATION bin COMPONENT tools)

# Each package's copyright, changelog and README in /usr/share/doc/<package>.
configure_file(${pkg}/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
execute_process(COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/packaging/changelog)
foreach(component server terminal tools)
  install(FILES ${pkg}/copyright ${PROJECT_SOURCE_DIR}/README.md
          DESTINATION ${doc}/stampline-${component} COMPONENT ${component})
  install(FILES ${CMAKE_BINARY_DIR}/packaging/changelog.gz DESTINATION ${doc}/stampline-${component}
          RENAME changelog.Debian.gz COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stampline)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)  # version 0.1.0-1: changelog.Debian.gz, as lintian expects
set(CPACK_PACKAGE_VENDOR "Stampline")
set(CPACK_PACKAGE_CONTACT "Stampline team <packages@stampline.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server terminal tools)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME stampline-server)
set(CPACK_DEBIAN_TERMINAL_PACKAGE_NAME stampline-terminal)
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME stampline-tools)
# A summary line, then the extended description (lines under 80 characters).
set(CPACK_COMPONENT_SERVER_DESCRIPTION "Stampline server: shop-floor stamps and barcode tracking
The central server of a plant's traceability record: the terminals' acts in
a hash-chained SQLite log, every unit's trail, the monthly review analytics
and the web pages; run by systemd, with a nightly verified backup.")
set(CPACK_COMPONENT_TERMINAL_DESCRIPTION "Stampline station terminal: scans, stamps and sign-offs
The full-screen touch terminal at each control point: it reads sheets and
badges from keyboard-mode or USB scanners, records sign-offs, checks and
nonconformances, and keeps them in a local outbox until the server has them.")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "Stampline admin tools: backup, restore, tokens, stamps
The stampline command line for the plant's IT and quality staff: backup,
restore and verification of the record, access tokens, personal stamps,
identification sheets and unit trails.")
# The server's postinst makes backups and migrates with the tools of the same version.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, stampline-tools (= ${PROJECT_VERSION}-1)")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${pkg}/debian/server/postinst;${pkg}/debian/server/prerm;${pkg}/debian/server/postrm;${pkg}/debian/server/conffiles")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_CONTROL_EXTRA
    "${pkg}/debian/terminal/postinst;${pkg}/debian/terminal/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
