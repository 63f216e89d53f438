Attribute VB_Name = "DeptBudget"
' deptbudget ribbon callbacks. Every button of the customUI calls DeptBudget_OnAction, which
' passes the button id to Python through xlwings' RunPython (module "xlwings" of this add-in).
' All logic, messages and error handling live in Python: deptbudget.excel.dispatch.run.
' Keep this file ASCII: the VBA project's code page is 1252, so Chinese text is built
' from code points (see W) and displayed correctly on a Chinese Windows.
Option Explicit

' Set once the interpreter could import deptbudget (kept while Excel runs).
Private PythonReady As Boolean

Public Sub DeptBudget_OnAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        ' "Please open or create a workbook first, then press this button."
        MsgBox W("8BF7514862535F00621665B05EFA4E004E2A5DE54F5C7C3FFF0C518D70B96B64630994AE3002"), vbInformation, W("90E895E898847B97")
        Exit Sub
    End If
    If Not PythonReady Then
        If Not ProbePython() Then Exit Sub
    End If
    Application.StatusBar = False
    ' XLWINGS_VERSION (module xlwings) is the version whose DLL this add-in declares;
    ' Python compares it with its own xlwings before running the button.
    RunPython "import deptbudget.excel.dispatch as d; d.run('" & control.Id & "', xlam='" & XLWINGS_VERSION & "')"
    Application.StatusBar = False
End Sub

Private Function ProbePython() As Boolean
    ' Before xlwings' own English errors: the configured interpreter exists and can import
    ' deptbudget and xlwings (a hidden run, about a second, once per Excel session).
    Dim py As String, code As Long
    #If Mac Then
        PythonReady = True
        ProbePython = True
        Exit Function
    #Else
        py = GetConfig("INTERPRETER_WIN", "")
        If py = "" Then py = GetConfig("INTERPRETER", "python")
        py = ExpandEnvironmentStrings(py)
        If InStr(py, "\") > 0 And Dir(py) = "" Then
            ' "Python not found: <path>. Run setup.cmd of the offline bundle ..."
            MsgBox W("627E4E0D523000200050007900740068006F006EFF1A") & py & vbCrLf & W("8BF78FD0884C79BB7EBF5B8988C553054E2D7684201C5B8988C5002E0063006D0064201DFF0862160020006400650070007400620075006400670065007400200061006400640069006E00200069006E007300740061006C006CFF09FF0C7136540E91CD65B062535F0000200045007800630065006C3002"), vbExclamation, W("90E895E898847B97")
            Exit Function
        End If
        On Error Resume Next
        code = CreateObject("WScript.Shell").Run("""" & py & """ -c ""import deptbudget.excel.dispatch, xlwings""", 0, True)
        If Err.Number <> 0 Then code = -1
        On Error GoTo 0
        If code <> 0 Then
            ' "deptbudget or xlwings missing in the Python environment: <path>. Run setup.cmd again ..."
            MsgBox W("0050007900740068006F006E002073AF58834E2D7F3A5C1190E895E898847B975DE55177FF080064006500700074006200750064006700650074FF09621600200078006C00770069006E00670073FF1A") & py & vbCrLf & W("8BF791CD65B08FD0884C79BB7EBF5B8988C553054E2D7684201C5B8988C5002E0063006D0064201DFF0C62165728547D4EE4884C8FD0884C002000700069007000200069006E007300740061006C006C00200064006500700074006200750064006700650074FF0C7136540E91CD65B062535F0000200045007800630065006C3002"), vbExclamation, W("90E895E898847B97")
            Exit Function
        End If
        PythonReady = True
        ProbePython = True
    #End If
End Function

Private Function W(codes As String) As String
    ' Text from 4-digit hex code points, e.g. W("90E8") = ChrW(&H90E8).
    Dim i As Long
    For i = 1 To Len(codes) Step 4
        W = W & ChrW(CLng("&H" & Mid$(codes, i, 4)))
    Next i
End Function
