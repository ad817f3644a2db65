; Inno Setup 6 script: a per-user installer for the PyInstaller folder (dist\bpjs-desktop).
; On a Windows machine, from the top of the checkout (README, "Windows installer"):
;   make package
;   iscc packaging\installer.iss
; which writes dist\bpjs-desktop-0.1.0-setup.exe.
;
; Per user, no administrator rights (PrivilegesRequired=lowest): the program goes to
; %LOCALAPPDATA%\Programs\bpjs-desktop ({userpf}), its Start-menu entries to the user's Start
; menu, its uninstaller to the user's "Apps & features". The office data is elsewhere: each user's
; %LOCALAPPDATA%\BPJS\bpjs-desktop (platformdirs: database, backups, logs). This script never
; installs into that folder nor deletes it, so upgrading or uninstalling the program leaves the
; office's database and its backups where they are.
#define AppVersion "0.1.0"

[Setup]
AppId={{6F3B1E52-9C1D-4B0E-9F7A-2B1D8E0C5A41}
AppName=bpjs-desktop
AppVersion={#AppVersion}
AppVerName=bpjs-desktop {#AppVersion}
AppPublisher=BPJS Ketenagakerjaan Kanwil Jawa Timur
PrivilegesRequired=lowest
DefaultDirName={userpf}\bpjs-desktop
DisableDirPage=yes
DefaultGroupName=bpjs-desktop
DisableProgramGroupPage=yes
UninstallDisplayName=bpjs-desktop
UninstallDisplayIcon={app}\bpjs-desktop.exe
OutputDir=..\dist
OutputBaseFilename=bpjs-desktop-{#AppVersion}-setup
; made by packaging\make_icon.py, which `make package` runs
SetupIconFile=bpjs-desktop.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
; A running copy holds its files open: ask to close it before replacing them.
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no Indonesian messages (it is one of the unofficial translations): put
; Indonesian.isl beside this script to get an Indonesian installer.
#if FileExists(AddBackslash(SourcePath) + "Indonesian.isl")
Name: "id"; MessagesFile: "Indonesian.isl"
#endif

[Files]
Source: "..\dist\bpjs-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program's own folder whole: no module of the old version is left to be
; imported by the new one. (The office data is not in {app}.)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\bpjs-desktop"; Filename: "{app}\bpjs-desktop.exe"
Name: "{group}\{cm:UninstallProgram,bpjs-desktop}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\bpjs-desktop"; Filename: "{app}\bpjs-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\bpjs-desktop.exe"; Description: "{cm:LaunchProgram,bpjs-desktop}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes what it installed and nothing else, in particular
; not %LOCALAPPDATA%\BPJS\bpjs-desktop (the database and its backups).
