; Inno Setup script: a per-machine installer for the PyInstaller folder (dist\bpjs-desktop).
;   iscc packaging\installer.iss
; The database lives in each user's %LOCALAPPDATA%\BPJS\bpjs-desktop (platformdirs), never in
; Program Files, so upgrading or uninstalling the program leaves the office data alone.
#define AppVersion "0.1.0"

[Setup]
AppId={{6F3B1E52-9C1D-4B0E-9F7A-2B1D8E0C5A41}
AppName=bpjs-desktop
AppVersion={#AppVersion}
AppPublisher=BPJS Ketenagakerjaan Kanwil Jawa Timur
DefaultDirName={autopf}\bpjs-desktop
DefaultGroupName=bpjs-desktop
OutputBaseFilename=bpjs-desktop-{#AppVersion}-setup
SetupIconFile=bpjs-desktop.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Languages]
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\bpjs-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\bpjs-desktop"; Filename: "{app}\bpjs-desktop.exe"
Name: "{autodesktop}\bpjs-desktop"; Filename: "{app}\bpjs-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\bpjs-desktop.exe"; Description: "{cm:LaunchProgram,bpjs-desktop}"; Flags: nowait postinstall skipifsilent
